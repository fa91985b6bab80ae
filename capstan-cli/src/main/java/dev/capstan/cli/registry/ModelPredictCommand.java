package dev.capstan.cli.registry;

import dev.capstan.CapstanException;
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

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

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
        Path temp = null;
        try {
            Path dir;
            if (model.startsWith("models:")) {
                temp = Files.createTempDirectory("capstan-model-");
                dir = fetch.fetch(tracking, model, temp).dir();
            } else {
                dir = Path.of(model);
                if (!Files.isDirectory(dir)) {
                    throw CapstanException.invalid("Model '%s' is neither a models:/ URI nor a directory", model);
                }
            }
            Predictions predictions;
            try (ModelScorer scorer = ModelScorer.open(dir)) {
                predictions = scorer.score(batch);
            }
            write(predictions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(temp);
        }
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

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
