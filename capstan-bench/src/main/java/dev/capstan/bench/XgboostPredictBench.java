package dev.capstan.bench;

import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.predict.Predictors;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Latency of the xgboost flavor's flat-array evaluator on the {@code xgb-binary-json} fixture (binary:logistic,
 * 200 trees of depth 6, 30 features, about 10% missing), one row and 64 rows per call, through the whole
 * predictor (columnar batch in, labels and probabilities out), next to the baseline: xgboost4j's
 * {@code Booster.predict} (default threads) on a {@code DMatrix} built per call from a ready float32 array of the
 * same rows, as a server must. (Predicting the same {@code DMatrix} again is no baseline: XGBoost caches a
 * DMatrix's predictions and answers repeats in about 2 µs.) Rows are the fixture's {@code rows.csv}. Run from the repository root (or pass {@code -p fixtureDir=...}):
 * <pre>
 * java -cp "capstan-bench/target/capstan-bench-0.1.0-SNAPSHOT.jar:capstan-bench/target/lib/*" \
 *     org.openjdk.jmh.Main XgboostPredictBench -f 1 -wi 3 -i 5 -bm sample -tu us
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class XgboostPredictBench {

    @Param("capstan-ml/src/test/resources/models/xgb-binary-json")
    public String fixtureDir;

    private Predictor predictor;
    private ColumnarBatch oneRow;
    private ColumnarBatch batch64;

    private Booster raw;
    private float[] rawOneRow;
    private float[] rawBatch64;
    private int features;

    @Setup
    public void setUp() throws IOException, XGBoostError {
        List<String> lines = Files.readAllLines(Path.of(fixtureDir, "rows.csv"));
        String[] header = lines.get(0).split(",", -1);
        double[][] rows = lines.stream().skip(1).filter(l -> !l.isEmpty()).map(XgboostPredictBench::parse)
                .toArray(double[][]::new);
        predictor = Predictors.load(Path.of(fixtureDir, "model"));
        oneRow = batch(header, rows, 1);
        batch64 = batch(header, rows, 64);
        if (!predictor.toString().contains("fast")) {
            throw new IllegalStateException("expected the fast path, got " + predictor);
        }

        raw = XGBoost.loadModel(Path.of(fixtureDir, "model", "model.json").toString());
        features = header.length;
        rawOneRow = rowMajor(rows, 1, features);
        rawBatch64 = rowMajor(rows, 64, features);
    }

    @TearDown
    public void tearDown() {
        predictor.close();
        raw.dispose();
    }

    @Benchmark
    public Object capstanOneRow() {
        return predictor.predict(oneRow);
    }

    @Benchmark
    public Object capstanBatch64() {
        return predictor.predict(batch64);
    }

    @Benchmark
    public float[][] xgboost4jOneRow() throws XGBoostError {
        return rawPredict(rawOneRow, 1);
    }

    @Benchmark
    public float[][] xgboost4jBatch64() throws XGBoostError {
        return rawPredict(rawBatch64, 64);
    }

    private float[][] rawPredict(float[] data, int rows) throws XGBoostError {
        DMatrix matrix = new DMatrix(data, rows, features, Float.NaN);
        try {
            return raw.predict(matrix);
        } finally {
            matrix.dispose();
        }
    }

    private static double[] parse(String line) {
        String[] cells = line.split(",", -1);
        double[] row = new double[cells.length];
        for (int c = 0; c < cells.length; c++) {
            row[c] = cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]);
        }
        return row;
    }

    private static ColumnarBatch batch(String[] header, double[][] rows, int count) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int c = 0; c < header.length; c++) {
            double[] column = new double[count];
            for (int r = 0; r < count; r++) {
                column[r] = rows[r][c];
            }
            columns.put(header[c], column);
        }
        return new ColumnarBatch(columns, count);
    }

    private static float[] rowMajor(double[][] rows, int count, int features) {
        float[] data = new float[count * features];
        for (int r = 0; r < count; r++) {
            for (int c = 0; c < features; c++) {
                data[r * features + c] = (float) rows[r][c];
            }
        }
        return data;
    }
}
