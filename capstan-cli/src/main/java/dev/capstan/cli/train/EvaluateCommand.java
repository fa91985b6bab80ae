package dev.capstan.cli.train;

import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.cli.registry.ModelFetch;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.ml.evaluate.ModelEvaluation;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.TrackingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code capstan evaluate MODEL --data FILE --target COL}: a model's metrics on labelled rows, overall and by slice. */
@Command(name = "evaluate", description = "Score labelled rows (CSV or JSON) with a model directory or a models:/ "
        + "URI and print its metrics, overall and per value of a slice column; optionally log them to a run.")
public final class EvaluateCommand implements Runnable {

    @Spec
    private CommandSpec spec;
    @Mixin
    private TrackingOptions tracking;
    @Mixin
    private ModelFetch fetch;
    @Parameters(paramLabel = "MODEL", description = "A model directory (with an MLmodel file) or a models:/ URI.")
    private String model;
    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Labelled rows: CSV or JSON.")
    private Path data;
    @Option(names = "--target", required = true, paramLabel = "COLUMN", description = "The column of true labels.")
    private String target;
    @Option(names = "--slice-by", paramLabel = "COLUMN", description = "Also measure each value of this column.")
    private String sliceBy;
    @Option(names = "--run-id", paramLabel = "RUN", description = "Log the metrics to this run (slices as "
            + "slice_COLUMN_VALUE_METRIC).")
    private String runId;
    @Option(names = "--json", description = "Print the metrics as JSON.")
    private boolean json;

    @Override
    public void run() {
        ModelEvaluation.Report report;
        try (ModelFetch.LocalModel local = fetch.local(tracking, model)) {
            report = ModelEvaluation.evaluate(local.dir(), data, target, sliceBy);
        }
        if (runId != null) {
            log(report);
        }
        print(report);
    }

    private void log(ModelEvaluation.Report report) {
        long now = System.currentTimeMillis();
        List<Metric> metrics = new ArrayList<>();
        report.metrics().forEach((k, v) -> metrics.add(new Metric(k, v, now, 0L)));
        report.slices().forEach((value, slice) -> slice.forEach((k, v) -> metrics.add(new Metric(
                "slice_" + sliceBy + "_" + value.replaceAll("[^A-Za-z0-9_.-]", "_") + "_" + k, v, now, 0L))));
        try (TrackingStore store = tracking.open()) {
            store.logBatch(runId, metrics, List.of(), List.of());
        }
    }

    private void print(ModelEvaluation.Report report) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("rows", report.rows());
            result.put("metrics", report.metrics());
            if (report.overall() != null) {
                result.put("labels", report.overall().labels());
                result.put("confusion_matrix", report.overall().confusionMatrix());
                result.put("calibration", report.overall().calibration());
            }
            result.put("slices", report.slices());
            JsonOutput.print(out, result);
            return;
        }
        List<String> names = new ArrayList<>(report.metrics().keySet());
        List<TextTable.Column> columns = new ArrayList<>(List.of(TextTable.Column.left("METRIC"),
                TextTable.Column.right("ALL")));
        report.slices().keySet().forEach(v -> columns.add(TextTable.Column.right(sliceBy + "=" + v)));
        TextTable table = new TextTable(columns);
        for (String name : names) {
            List<Object> row = new ArrayList<>(List.of(name, format(report.metrics().get(name))));
            report.slices().values().forEach(slice -> row.add(format(slice.get(name))));
            table.row(row.toArray());
        }
        table.print(out);
        out.printf("%n%d rows%n", report.rows());
        out.flush();
    }

    private static String format(Double value) {
        return value == null ? "" : value == Math.rint(value) && Math.abs(value) < 1e12
                ? Long.toString(value.longValue()) : String.format("%.6f", value);
    }
}
