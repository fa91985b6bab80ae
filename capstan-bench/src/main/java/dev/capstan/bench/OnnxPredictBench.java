package dev.capstan.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.predict.Predictors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Latency of the onnx flavor's predictor on the {@code onnx-mlp} fixture (MLP 8→16→3), one row and 64 rows per
 * call, next to the baseline: ONNX Runtime's own {@code session.run} on a pre-built tensor with the same session
 * settings (one intra-op thread, all graph optimisations), reading the output as {@code float[][]} as the
 * predictor does. The difference is Capstan's cost: building the tensor from a columnar batch and wrapping the
 * outputs. Run from the repository root (or pass {@code -p modelDir=...}):
 * <pre>
 * java -cp "capstan-bench/target/capstan-bench-0.1.0-SNAPSHOT.jar:capstan-bench/target/lib/*" \
 *     org.openjdk.jmh.Main OnnxPredictBench -f 1 -wi 3 -i 5 -bm sample -tu us
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OnnxPredictBench {

    private static final int FEATURES = 8;

    @Param("capstan-ml/src/test/resources/models/onnx-mlp/model")
    public String modelDir;

    private Predictor predictor;
    private ColumnarBatch oneRow;
    private ColumnarBatch batch64;

    private OrtSession.SessionOptions rawOptions;
    private OrtSession raw;
    private Map<String, OnnxTensor> rawOneRow;
    private Map<String, OnnxTensor> rawBatch64;

    @Setup
    public void setUp() throws OrtException {
        // first: the predictor starts ONNX Runtime on a large-stack thread (see the onnx flavor's Environment)
        predictor = Predictors.load(Path.of(modelDir));
        oneRow = batch(1, 1);
        batch64 = batch(64, 2);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        rawOptions = new OrtSession.SessionOptions();
        rawOptions.setIntraOpNumThreads(1);
        rawOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        raw = env.createSession(Path.of(modelDir, "model.onnx").toString(), rawOptions);
        String input = raw.getInputNames().iterator().next();
        rawOneRow = Map.of(input, tensor(env, oneRow));
        rawBatch64 = Map.of(input, tensor(env, batch64));
    }

    @TearDown
    public void tearDown() throws OrtException {
        predictor.close();
        rawOneRow.values().forEach(OnnxTensor::close);
        rawBatch64.values().forEach(OnnxTensor::close);
        raw.close();
        rawOptions.close();
    }

    @Benchmark
    public Object capstanOneRow() {
        return predictor.predict(oneRow).output("probabilities");
    }

    @Benchmark
    public Object capstanBatch64() {
        return predictor.predict(batch64).output("probabilities");
    }

    @Benchmark
    public Object onnxRuntimeOneRow() throws OrtException {
        return runRaw(rawOneRow);
    }

    @Benchmark
    public Object onnxRuntimeBatch64() throws OrtException {
        return runRaw(rawBatch64);
    }

    private Object runRaw(Map<String, OnnxTensor> inputs) throws OrtException {
        try (OrtSession.Result result = raw.run(inputs)) {
            return result.get(0).getValue();
        }
    }

    /** {@code rows} rows of 8 {@code double[]} columns with values that are exact in float32, as a request has. */
    private static ColumnarBatch batch(int rows, long seed) {
        Random random = new Random(seed);
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int c = 0; c < FEATURES; c++) {
            double[] values = new double[rows];
            for (int r = 0; r < rows; r++) {
                values[r] = Math.round(random.nextGaussian() * 1024) / 1024.0;
            }
            columns.put("x" + c, values);
        }
        return new ColumnarBatch(columns, rows);
    }

    private static OnnxTensor tensor(OrtEnvironment env, ColumnarBatch batch) throws OrtException {
        float[] flat = new float[batch.rowCount() * FEATURES];
        int c = 0;
        for (Object column : batch.columns().values()) {
            double[] values = (double[]) column;
            for (int r = 0; r < values.length; r++) {
                flat[r * FEATURES + c] = (float) values[r];
            }
            c++;
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {batch.rowCount(), FEATURES});
    }
}
