package dev.capstan.ml.onnx;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.predict.Predictors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The onnx flavor against models exported by torch 1.13 / onnx 1.12, compared with torch's own outputs. */
class OnnxFlavorTest {

    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"onnx-mlp", "onnx-mlp-external"})
    void predictsTheWholeBatchAsTorchDid(String name) {
        OnnxFixture fixture = OnnxFixture.load(name);
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            Predictions predictions = predictor.predict(fixture.rows());

            assertThat(predictions.rowCount()).isEqualTo(fixture.rows().rowCount());
            assertThat(predictions.outputs()).containsOnlyKeys(fixture.expected().keySet());
            fixture.expected().forEach((output, expected) ->
                    assertClose(name, (float[][]) predictions.output(output), expected));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"onnx-mlp", "onnx-mlp-external"})
    void predictsRowByRowAsTorchDid(String name) {
        OnnxFixture fixture = OnnxFixture.load(name);
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            for (int r = 0; r < fixture.rows().rowCount(); r++) {
                float[][] row = (float[][]) predictor.predict(fixture.row(r)).output("probabilities");
                assertClose(name + " row " + r, row, new double[][] {fixture.expected().get("probabilities")[r]});
            }
        }
    }

    @Test
    void acceptsOneColumnOfRowArraysNamedLikeTheInput() {
        OnnxFixture fixture = OnnxFixture.load("onnx-mlp");
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            float[][] out = (float[][]) predictor.predict(fixture.asRowArrays()).output("probabilities");
            assertClose("row arrays", out, fixture.expected().get("probabilities"));
        }
    }

    @Test
    void takesTensorsConvertingToTheInputsTypeAndRefusesOnesThatDoNotFit() {
        OnnxFixture fixture = OnnxFixture.load("onnx-mlp");
        float[][] rows = (float[][]) fixture.asRowArrays().columns().values().iterator().next();
        float[] floats = new float[rows.length * 8];
        double[] doubles = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            floats[i] = rows[i / 8][i % 8];
            doubles[i] = floats[i];
        }
        List<Long> shape = List.of((long) rows.length, 8L);
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            for (Tensor tensor : List.of(new Tensor("float32", shape, floats), new Tensor("float64", shape, doubles))) {
                Predictions out = predictor.predictTensors(Map.of("any name", tensor));
                assertThat(out.rowCount()).isEqualTo(rows.length);
                assertClose(tensor.dtype(), (float[][]) out.output("probabilities"),
                        fixture.expected().get("probabilities"));
            }
            assertThatThrownBy(() -> predictor.predictTensors(Map.of("input",
                    new Tensor("float32", List.of(16L, 4L), new float[64]))))
                    .isInstanceOf(CapstanException.class)
                    .hasMessage("ONNX model input 'input' has shape [-1, 8] (-1 = any size), found a tensor of shape "
                            + "[16, 4]");
            Tensor ok = new Tensor("float32", shape, floats);
            assertThatThrownBy(() -> predictor.predictTensors(new TreeMap<>(Map.of("a", ok, "b", ok))))
                    .hasMessage("Model input 'input' needs a tensor of that name; the model's inputs are [input], "
                            + "found tensors [a, b]");
        }
    }

    @Test
    void ignoresColumnNamesAndTakesColumnsInBatchOrder() {
        OnnxFixture fixture = OnnxFixture.load("onnx-mlp");
        Map<String, Object> renamed = new LinkedHashMap<>();
        fixture.rows().columns().forEach((name, values) -> renamed.put("f_" + name, values));
        try (Predictor predictor = new OnnxFlavor().load(fixture.modelDir(), MLmodels.read(fixture.modelDir()))) {
            float[][] out = (float[][]) predictor.predict(new ColumnarBatch(renamed, fixture.rows().rowCount()))
                    .output("probabilities");
            assertClose("renamed", out, fixture.expected().get("probabilities"));
        }
    }

    @Test
    void appliesTheFlavorsSessionOptions() {
        OnnxFixture fixture = OnnxFixture.load("onnx-mlp");
        MLmodel model = withSessionOptions(fixture.modelDir(), Map.of("intra_op_num_threads", 2,
                "graph_optimization_level", 1, "execution_mode", "sequential", "enable_mem_pattern", false));
        try (Predictor predictor = new OnnxFlavor().load(fixture.modelDir(), model)) {
            float[][] out = (float[][]) predictor.predict(fixture.rows()).output("probabilities");
            assertClose("session options", out, fixture.expected().get("probabilities"));
        }
        MLmodel bogus = withSessionOptions(fixture.modelDir(), Map.of("enable_warp_drive", true));
        assertThatThrownBy(() -> new OnnxFlavor().load(fixture.modelDir(), bogus))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("Unsupported onnx_session_options key 'enable_warp_drive'");
    }

    @Test
    void givesIdenticalResultsToEightConcurrentThreads() throws Exception {
        OnnxFixture fixture = OnnxFixture.load("onnx-mlp");
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            float[][] reference = (float[][]) predictor.predict(fixture.rows()).output("probabilities");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    results.add(pool.submit(() -> agreesRepeatedly(predictor, fixture, reference, thread)));
                }
                for (Future<Boolean> result : results) {
                    assertThat(result.get()).isTrue();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void rejectsAWrongFeatureCount() {
        OnnxFixture fixture = OnnxFixture.load("onnx-mlp");
        Map<String, Object> seven = new LinkedHashMap<>(fixture.rows().columns());
        seven.remove("x7");
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            assertThatThrownBy(() -> predictor.predict(new ColumnarBatch(seven, fixture.rows().rowCount())))
                    .isInstanceOf(CapstanException.class)
                    .hasMessageContaining("Model input 'input' expects 8 features per row, found 7");
            assertThatThrownBy(() -> predictor.predict(new ColumnarBatch(Map.of("input", new float[][] {new float[7]}),
                    1))).hasMessageContaining("expects 8 features per row, found 7 in row 0");
        }
    }

    @Test
    void rejectsNonNumericValuesNamingTheCell() {
        OnnxFixture fixture = OnnxFixture.load("onnx-mlp");
        Map<String, Object> columns = new LinkedHashMap<>(fixture.row(0).columns());
        columns.put("x3", new Object[] {"abc"});
        try (Predictor predictor = Predictors.load(fixture.modelDir())) {
            assertThatThrownBy(() -> predictor.predict(new ColumnarBatch(columns, 1)))
                    .isInstanceOf(CapstanException.class)
                    .hasMessageContaining("column 'x3' row 0 holds a non-numeric value 'abc' (String)");
        }
    }

    @Test
    void rejectsAMissingModelFile(@TempDir Path dir) throws IOException {
        Path model = copyModel("onnx-mlp", dir);
        Files.delete(model.resolve("model.onnx"));
        assertThatThrownBy(() -> Predictors.load(model))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("ONNX model file " + model.resolve("model.onnx").toAbsolutePath())
                .hasMessageContaining("does not exist");
    }

    @Test
    void rejectsACorruptModelFileNamingIt(@TempDir Path dir) throws IOException {
        Path model = copyModel("onnx-mlp", dir);
        Files.writeString(model.resolve("model.onnx"), "not a protobuf");
        assertThatThrownBy(() -> Predictors.load(model))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("Cannot load ONNX model " + model.resolve("model.onnx").toAbsolutePath());
    }

    @Test
    void rejectsMissingExternalData(@TempDir Path dir) throws IOException {
        Path model = copyModel("onnx-mlp-external", dir);
        Files.delete(model.resolve("3f6c2a4e-a2f1-11ef-9c1b-0242ac120002"));
        assertThatThrownBy(() -> Predictors.load(model))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("Cannot load ONNX model " + model.resolve("model.onnx").toAbsolutePath());
    }

    private static boolean agreesRepeatedly(Predictor predictor, OnnxFixture fixture, float[][] reference, int thread) {
        for (int i = 0; i < 200; i++) {
            int r = (thread * 200 + i) % fixture.rows().rowCount();
            float[][] batch = (float[][]) predictor.predict(fixture.rows()).output("probabilities");
            float[][] row = (float[][]) predictor.predict(fixture.row(r)).output("probabilities");
            if (!Arrays.deepEquals(batch, reference) || !Arrays.equals(row[0], reference[r])) {
                return false;
            }
        }
        return true;
    }

    private static MLmodel withSessionOptions(Path modelDir, Map<String, Object> options) {
        MLmodel model = MLmodels.read(modelDir);
        Map<String, Object> onnx = new LinkedHashMap<>(model.flavor(OnnxFlavor.NAME));
        onnx.put("onnx_session_options", options);
        Map<String, Map<String, Object>> flavors = new LinkedHashMap<>(model.flavors());
        flavors.put(OnnxFlavor.NAME, onnx);
        return new MLmodel(model.artifactPath(), flavors, model.runId(), model.modelUuid(), model.utcTimeCreated(),
                model.modelSizeBytes(), model.mlflowVersion(), model.signature(), model.savedInputExampleInfo(),
                model.metadata(), model.databricksRuntime(), model.extra());
    }

    private static Path copyModel(String name, Path dir) throws IOException {
        Path source = OnnxFixture.load(name).modelDir();
        Path target = dir.resolve("model");
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(source)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    private static void assertClose(String what, float[][] actual, double[][] expected) {
        assertThat(actual.length).as(what + " rows").isEqualTo(expected.length);
        double maxError = 0;
        for (int r = 0; r < expected.length; r++) {
            assertThat(actual[r]).as(what + " row " + r).hasSize(expected[r].length);
            for (int c = 0; c < expected[r].length; c++) {
                maxError = Math.max(maxError, Math.abs(actual[r][c] - expected[r][c]));
            }
        }
        assertThat(maxError).as(what + ": max |onnxruntime - torch|").isLessThanOrEqualTo(TOLERANCE);
        if (expected.length > 1) {
            System.out.printf("%s: max |onnxruntime - torch| = %.3g over %d rows%n", what, maxError, expected.length);
        }
    }
}
