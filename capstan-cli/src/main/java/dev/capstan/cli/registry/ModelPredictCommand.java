package dev.capstan.cli.registry;

import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.OutputFiles;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.predict.BatchFiles;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.ml.predict.PredictionTables;
import dev.capstan.ml.predict.Predictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/** {@code models predict}: scores a CSV or JSON file with a local model directory or a models:/ URI. */
@Command(name = "predict", description = "Score rows from a CSV or JSON file with a model directory or a models:/ URI.")
final class ModelPredictCommand implements Runnable {

    @Spec
    private CommandSpec spec;
    @Mixin
    private TrackingOptions tracking;
    @Mixin
    private ModelFetch fetch;
    @Parameters(paramLabel = "MODEL",
            description = "A local MLflow model directory (with an MLmodel file) or a models:/ URI, downloaded to a "
                    + "temporary directory.")
    private String model;
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE",
            description = "Rows to score: CSV with a header row (empty cell = missing), or JSON as MLflow's scoring "
                    + "server takes it ({\"dataframe_split\": ...}, {\"dataframe_records\": ...} or a list of records).")
    private Path input;
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of to stdout.")
    private Path output;
    @Option(names = "--json", description = "Write MLflow's {\"predictions\": [...]} instead of CSV.")
    private boolean json;

    @Override
    public void run() {
        ColumnarBatch batch = BatchFiles.read(input);
        Predictions predictions;
        try (ModelFetch.LocalModel local = fetch.local(tracking, model);
             ModelScorer scorer = ModelScorer.open(local.dir())) {
            predictions = scorer.score(batch);
        }
        write(predictions);
    }

    private void write(Predictions predictions) {
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            print(predictions, out);
            return;
        }
        OutputFiles.write(output, out -> print(predictions, out));
        spec.commandLine().getErr().printf("Wrote %d predictions to %s%n", predictions.rowCount(), output);
    }

    private void print(Predictions predictions, PrintWriter out) {
        if (json) {
            JsonOutput.print(out, Map.of("predictions", PredictionTables.jsonRows(predictions)));
        } else {
            PredictionTables.writeCsv(predictions, out);
        }
        out.flush();
    }
}
