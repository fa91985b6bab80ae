package dev.capstan.ml.xgboost;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.MLmodel;
import dev.capstan.ml.mlmodel.MLmodels;
import dev.capstan.ml.mlmodel.ModelSignature;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.predict.Predictors;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Models trained here with xgboost4j 3.0.4, in the formats XGBoost 2.x and 3.x write ({@code size_leaf_vector 1},
 * {@code iteration_indptr}, a {@code best_iteration} attribute, base_score estimated from the labels), saved with
 * {@code Booster.saveModel} as {@code model.json} and {@code model.ubj} and wrapped in an MLflow model directory:
 * the flat-array evaluator takes every one and predicts what xgboost4j's own {@code Booster.predict} does, on every
 * row, within 1e-6. Debian's Python xgboost is 1.7, so these are the only 2.x/3.x-format models the tests have.
 */
class XgboostTrainedModelsTest {

    private static final double TOLERANCE = 1e-6;
    private static final int FEATURES = 6;
    private static final int CLASSES = 3;

    private static Data train;
    private static Data valid;
    private static Data test;

    @TempDir
    Path dir;

    private final List<Booster> boosters = new ArrayList<>();

    @BeforeAll
    static void makeData() {
        Random random = new Random(20241123);
        train = Data.random(random, 600);
        valid = Data.random(random, 200);
        test = Data.random(random, 100).withEdgeRows();
    }

    @AfterAll
    static void freeData() {
        for (Data data : List.of(train, valid, test)) {
            data.dispose();
        }
    }

    @ParameterizedTest(name = "{0} saved as {1}")
    @CsvSource({"binary:logistic, json", "binary:logistic, ubj", "multi:softprob, json", "multi:softprob, ubj",
            "reg:squarederror, json", "reg:squarederror, ubj"})
    void aBoosterPredictsLikeXgboost4jOnTheFastPath(String objective, String format) throws Exception {
        Booster booster = train(objective, 40, 0);
        Path model = save(booster, format, "xgboost.core.Booster");

        try (Predictor predictor = Predictors.load(model)) {
            assertFast(predictor);
            float[][] expected = booster.predict(test.matrix());
            String output = objective.equals("multi:softprob") ? Predictions.PROBABILITIES : Predictions.PREDICTION;
            assertClose(predictor.predict(test.batch()).output(output), expected);
            for (int r = 0; r < test.rows(); r++) {
                assertClose(predictor.predict(test.row(r)).output(output), new float[][] {expected[r]});
            }
        }
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"binary:logistic, xgboost.sklearn.XGBClassifier", "multi:softprob, xgboost.sklearn.XGBClassifier",
            "reg:squarederror, xgboost.sklearn.XGBRegressor"})
    void earlyStoppedWrappersPredictUpToBestIterationAndBoostersWithEveryTree(String objective, String modelClass)
            throws Exception {
        Booster booster = train(objective, 300, 5);
        int best = Integer.parseInt(booster.getAttr("best_iteration"));
        assertThat(booster.getNumBoostedRound()).as("rounds after early stopping").isEqualTo(best + 6);
        float[][] upToBest = booster.predict(test.matrix(), false, best + 1);
        float[][] everyTree = booster.predict(test.matrix());

        try (Predictor wrapper = Predictors.load(save(booster, "json", modelClass));
             Predictor raw = Predictors.load(save(booster, "ubj", "xgboost.core.Booster"))) {
            assertFast(wrapper);
            assertFast(raw);
            Predictions predictions = wrapper.predict(test.batch());
            if (modelClass.endsWith("XGBClassifier")) {
                assertClose(predictions.output(Predictions.PROBABILITIES), probabilities(upToBest));
            } else {
                assertClose(predictions.output(Predictions.PREDICTION), upToBest);
            }
            String rawOutput = objective.equals("multi:softprob") ? Predictions.PROBABILITIES : Predictions.PREDICTION;
            assertClose(raw.predict(test.batch()).output(rawOutput), everyTree);
        }
    }

    /** XGBoost 3.1 writes base_score as a list, one value per class for multi-class models. */
    @Test
    void readsBaseScoreListsAsXgboost31WritesThem() throws Exception {
        Booster binary = train("binary:logistic", 30, 0);
        Path scalar = save(binary, "json", "xgboost.core.Booster");
        String json = Files.readString(scalar.resolve("model.json"));
        String baseScore = baseScore(json);
        Files.writeString(scalar.resolve("model.json"), json.replace("\"base_score\":\"" + baseScore + "\"",
                "\"base_score\":\"[" + baseScore + "]\""));
        try (Predictor predictor = Predictors.load(scalar)) {
            assertFast(predictor);
            assertClose(predictor.predict(test.batch()).output(Predictions.PREDICTION), binary.predict(test.matrix()));
        }

        Booster multi = train("multi:softprob", 30, 0);
        Path perClass = save(multi, "json", "xgboost.core.Booster");
        float[] intercepts = {-0.25f, 0.5f, 0.125f};
        json = Files.readString(perClass.resolve("model.json"));
        float trained = Float.parseFloat(baseScore(json));
        Files.writeString(perClass.resolve("model.json"), json.replaceFirst("\"base_score\":\"[^\"]+\"",
                "\"base_score\":\"[-2.5E-1,5E-1,1.25E-1]\""));
        try (Predictor predictor = Predictors.load(perClass)) {
            assertFast(predictor);
            assertClose(predictor.predict(test.batch()).output(Predictions.PROBABILITIES),
                    softmax(multi.predict(test.matrix(), true), trained, intercepts));
        }
    }

    /** xgboost4j 3.0.4 reads a UBJ file's list as 0.5; the flavor takes the list from the file itself. */
    @Test
    void aUbjFileFromXgboost31KeepsItsBaseScoreList() throws Exception {
        Booster booster = train("binary:logistic", 30, 0);
        Path model = save(booster, "ubj", "xgboost.core.Booster");
        Path file = model.resolve("model.ubj");
        Files.write(file, listBaseScoreInUbj(Files.readAllBytes(file)));
        float[][] expected = booster.predict(test.matrix());

        Booster misread = XGBoost.loadModel(file.toString());
        try {
            assertThat(misread.predict(test.matrix())[0][0]).as("xgboost4j 3.0.4 on a 3.1 base_score list")
                    .isNotEqualTo(expected[0][0]);
        } finally {
            misread.dispose();
        }
        try (Predictor predictor = Predictors.load(model)) {
            assertFast(predictor);
            assertClose(predictor.predict(test.batch()).output(Predictions.PREDICTION), expected);
        }
    }

    /** dart needs xgboost4j, which gets the list's one value, and refuses one intercept per class. */
    @Test
    void xgboost4jGetsTheOneValueOfABaseScoreList() throws Exception {
        Booster binary = train("binary:logistic", 20, 0, "dart");
        Path model = save(binary, "json", "xgboost.core.Booster");
        Path file = model.resolve("model.json");
        String json = Files.readString(file);
        Files.writeString(file, json.replace("\"base_score\":\"" + baseScore(json) + "\"",
                "\"base_score\":\"[" + baseScore(json) + "]\""));
        try (Predictor predictor = Predictors.load(model)) {
            assertThat(((XgboostPredictor) predictor).fast()).isFalse();
            assertClose(predictor.predict(test.batch()).output(Predictions.PREDICTION), binary.predict(test.matrix()));
        }

        Path multi = save(train("multi:softprob", 20, 0, "dart"), "json", "xgboost.core.Booster");
        Path multiFile = multi.resolve("model.json");
        Files.writeString(multiFile, Files.readString(multiFile).replaceFirst("\"base_score\":\"[^\"]+\"",
                "\"base_score\":\"[-2.5E-1,5E-1,1.25E-1]\""));
        assertThatThrownBy(() -> Predictors.load(multi)).isInstanceOf(CapstanException.class)
                .hasMessage(multiFile + ": base_score [-2.5E-1,5E-1,1.25E-1] has one value per output group, as "
                        + "XGBoost 3.1 and later write it; the model needs xgboost4j (booster dart), whose version "
                        + "3.0.4 takes one value only");
    }

    /** The UBJ model with its base_score string {@code "x"} rewritten as {@code "[x]"}, as XGBoost 3.1 writes it. */
    private static byte[] listBaseScoreInUbj(byte[] ubj) {
        byte[] key = "base_scoreSL".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(ubj, key);
        assertThat(at).as("base_score as a UBJ string with an int64 length").isNotNegative();
        int lengthAt = at + key.length;
        int length = (int) ByteBuffer.wrap(ubj, lengthAt, 8).getLong();
        String value = new String(ubj, lengthAt + 8, length, StandardCharsets.US_ASCII);
        byte[] list = ("[" + value + "]").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(ubj.length + 2);
        out.put(ubj, 0, lengthAt).putLong(list.length).put(list);
        out.put(ubj, lengthAt + 8 + length, ubj.length - lengthAt - 8 - length);
        return out.array();
    }

    private static int indexOf(byte[] bytes, byte[] key) {
        for (int i = 0; i <= bytes.length - key.length; i++) {
            if (Arrays.equals(bytes, i, i + key.length, key, 0, key.length)) {
                return i;
            }
        }
        return -1;
    }

    @AfterEach
    void dispose() {
        boosters.forEach(Booster::dispose);
    }

    private Booster train(String objective, int rounds, int earlyStopping) throws XGBoostError {
        return train(objective, rounds, earlyStopping, "gbtree");
    }

    private Booster train(String objective, int rounds, int earlyStopping, String booster) throws XGBoostError {
        Map<String, Object> params = new HashMap<>();
        params.put("booster", booster);
        params.put("objective", objective);
        params.put("max_depth", 4);
        params.put("eta", earlyStopping > 0 ? 0.6 : 0.3);
        params.put("nthread", 1);
        params.put("seed", 7);
        params.put("verbosity", 0);
        if (objective.startsWith("multi:")) {
            params.put("num_class", CLASSES);
        }
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train.matrix(objective));
        watches.put("valid", valid.matrix(objective));
        Booster trained = XGBoost.train(train.matrix(objective), params, rounds, watches,
                new float[watches.size()][rounds], null, null, earlyStopping);
        boosters.add(trained);
        return trained;
    }

    /** Saves the booster in {@code format} (chosen by the file name) inside a new MLflow model directory. */
    private Path save(Booster booster, String format, String modelClass) throws XGBoostError {
        Path model = dir.resolve("model-" + boosters.size() + "-" + format + "-"
                + modelClass.substring(modelClass.lastIndexOf('.') + 1));
        try {
            Files.createDirectories(model);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String file = "model." + format;
        booster.saveModel(model.resolve(file).toString());
        Map<String, Object> xgboost = new LinkedHashMap<>();
        xgboost.put("code", null);
        xgboost.put("data", file);
        xgboost.put("model_class", modelClass);
        xgboost.put("model_format", format);
        xgboost.put("xgb_version", "3.0.4");
        Map<String, Object> pyfunc = Map.of("loader_module", "mlflow.xgboost", "data", file,
                "python_version", "3.11.2", "env", Map.of("conda", "conda.yaml", "virtualenv", "python_env.yaml"));
        List<ColSpec> columns = new ArrayList<>();
        for (int f = 0; f < FEATURES; f++) {
            columns.add(new ColSpec(DataType.DOUBLE, "f" + f, false));
        }
        MLmodels.write(model, new MLmodel(null, Map.of("xgboost", xgboost, MLmodel.PYFUNC_FLAVOR, pyfunc), null,
                "0123456789abcdef0123456789abcdef", "2026-11-23 00:00:00.000000", null, "2.17.2",
                new ModelSignature(Schema.ofColumns(columns), null, null), null, null, null, Map.of()));
        return model;
    }

    private static void assertFast(Predictor predictor) {
        assertThat(predictor).isInstanceOf(XgboostPredictor.class);
        assertThat(((XgboostPredictor) predictor).fast()).as("fast path for " + predictor).isTrue();
    }

    /** A classifier's probabilities: {@code [1 - p, p]} for one value per row, the row itself otherwise. */
    private static float[][] probabilities(float[][] predictions) {
        float[][] out = new float[predictions.length][];
        for (int r = 0; r < out.length; r++) {
            out[r] = predictions[r].length == 1 ? new float[] {1f - predictions[r][0], predictions[r][0]}
                    : predictions[r];
        }
        return out;
    }

    private static void assertClose(Object actual, float[][] expected) {
        if (actual instanceof double[] values) {
            assertThat(values).hasSize(expected.length);
            for (int r = 0; r < values.length; r++) {
                assertThat(values[r]).as("row %d", r).isCloseTo(expected[r][0], within(TOLERANCE));
            }
            return;
        }
        double[][] rows = (double[][]) actual;
        assertThat(rows).hasNumberOfRows(expected.length);
        for (int r = 0; r < rows.length; r++) {
            assertThat(rows[r]).as("row %d", r).hasSize(expected[r].length);
            for (int i = 0; i < rows[r].length; i++) {
                assertThat(rows[r][i]).as("row %d value %d", r, i).isCloseTo(expected[r][i], within(TOLERANCE));
            }
        }
    }

    private static String baseScore(String modelJson) {
        return modelJson.replaceAll("(?s).*\"base_score\":\"([^\"]+)\".*", "$1");
    }

    /** Softmax of margins whose base margin {@code from} is replaced by a per-class one. */
    private static float[][] softmax(float[][] margins, float from, float[] to) {
        float[][] out = new float[margins.length][];
        for (int r = 0; r < margins.length; r++) {
            double[] e = new double[to.length];
            double sum = 0;
            for (int g = 0; g < to.length; g++) {
                e[g] = Math.exp(margins[r][g] - from + to[g]);
                sum += e[g];
            }
            out[r] = new float[to.length];
            for (int g = 0; g < to.length; g++) {
                out[r][g] = (float) (e[g] / sum);
            }
        }
        return out;
    }

    /**
     * Rows of {@link #FEATURES} standard normal features, about 10% missing (NaN), with labels for each task that
     * depend on the features and on which of them are missing, so that default directions matter.
     */
    private record Data(float[] features, int rows, Map<String, DMatrix> matrices) {

        static Data random(Random random, int rows) {
            float[] x = new float[rows * FEATURES];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextDouble() < 0.1 ? Float.NaN : (float) random.nextGaussian();
            }
            return new Data(x, rows, new HashMap<>());
        }

        /** These rows plus all missing, all 0, all 1e6, all -1e6 and alternating 0.5 / missing. */
        Data withEdgeRows() {
            float[] x = Arrays.copyOf(features, (rows + 5) * FEATURES);
            for (int f = 0; f < FEATURES; f++) {
                x[rows * FEATURES + f] = Float.NaN;
                x[(rows + 1) * FEATURES + f] = 0f;
                x[(rows + 2) * FEATURES + f] = 1e6f;
                x[(rows + 3) * FEATURES + f] = -1e6f;
                x[(rows + 4) * FEATURES + f] = f % 2 == 0 ? 0.5f : Float.NaN;
            }
            return new Data(x, rows + 5, new HashMap<>());
        }

        /** The features without labels, for predicting. */
        DMatrix matrix() throws XGBoostError {
            return matrix("");
        }

        /** The features with the labels of {@code objective}. */
        DMatrix matrix(String objective) throws XGBoostError {
            DMatrix matrix = matrices.get(objective);
            if (matrix == null) {
                matrix = new DMatrix(features, rows, FEATURES, Float.NaN);
                if (!objective.isEmpty()) {
                    matrix.setLabel(labels(objective));
                }
                matrices.put(objective, matrix);
            }
            return matrix;
        }

        private float[] labels(String objective) {
            float[] labels = new float[rows];
            for (int r = 0; r < rows; r++) {
                double s = signal(r);
                labels[r] = switch (objective) {
                    case "binary:logistic" -> s > 0.3 ? 1 : 0;
                    case "multi:softprob" -> s < -0.8 ? 0 : s < 0.8 ? 1 : 2;
                    default -> (float) (3 * s + 10);
                };
            }
            return labels;
        }

        private double signal(int r) {
            double s = 0;
            for (int f = 0; f < FEATURES; f++) {
                float v = features[r * FEATURES + f];
                s += Float.isNaN(v) ? (f == 0 ? 1.5 : 0) : v * (f % 3 - 1 + 0.5 * f / FEATURES);
            }
            float x1 = features[r * FEATURES + 1];
            return s + (Float.isNaN(x1) ? 0 : Math.sin(2 * x1));
        }

        /** All rows as a batch of {@code double[]} columns f0, f1, ... */
        ColumnarBatch batch() {
            return slice(0, rows);
        }

        /** Row {@code r} alone. */
        ColumnarBatch row(int r) {
            return slice(r, 1);
        }

        private ColumnarBatch slice(int first, int count) {
            Map<String, Object> columns = new LinkedHashMap<>();
            for (int f = 0; f < FEATURES; f++) {
                double[] column = new double[count];
                for (int r = 0; r < count; r++) {
                    column[r] = features[(first + r) * FEATURES + f];
                }
                columns.put("f" + f, column);
            }
            return new ColumnarBatch(columns, count);
        }

        void dispose() {
            matrices.values().forEach(DMatrix::dispose);
        }
    }
}
