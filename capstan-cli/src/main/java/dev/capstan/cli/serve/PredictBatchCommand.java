package dev.capstan.cli.serve;

import dev.capstan.cli.internal.Progress;
import dev.capstan.cli.registry.ModelFetch;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.ml.predict.BatchPrediction;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.validate.TableSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** {@code capstan predict-batch}: scores a table file of any size into CSV or Parquet, in bounded memory. */
@Command(name = "predict-batch", description = "Score a CSV, TSV, Parquet or JSON-lines file of any size into "
        + ".csv or .parquet: every input column, then the predictions.")
public final class PredictBatchCommand implements Runnable {

    @Spec
    private CommandSpec spec;
    @Mixin
    private TrackingOptions tracking;
    @Mixin
    private ModelFetch fetch;
    @Parameters(paramLabel = "MODEL", description = "models:/name@alias, models:/name/3 or a model directory.")
    private String model;
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "The rows to score.")
    private Path input;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "out.parquet or out.csv.")
    private Path output;

    @Override
    public void run() {
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        long expected = BatchPrediction.estimateRows(input);
        int steps = (int) Math.max(1, (expected + TableSource.BATCH_ROWS - 1) / TableSource.BATCH_ROWS);
        BatchPrediction.Summary summary;
        try (ModelFetch.LocalModel local = fetch.local(tracking, model);
             ModelScorer scorer = ModelScorer.open(local.dir());
             Progress progress = Progress.of("Scoring " + input.getFileName(), steps, err)) {
            summary = BatchPrediction.run(scorer, input, output, rows -> progress.step(rows + " rows"));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT, "Scored %,d rows into %s in %.1f s (%,.0f rows/s)%n",
                summary.rows(), summary.output(), seconds, summary.rows() / Math.max(seconds, 1e-9));
    }
}
