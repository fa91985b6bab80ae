package dev.capstan.server.serving;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.Json;
import dev.capstan.ml.mlmodel.SavedInputExampleInfo;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.PreparedInput;
import dev.capstan.monitor.LoggedValues;
import dev.capstan.monitor.ReferenceProfile;
import dev.capstan.server.serving.internal.Batcher;
import dev.capstan.server.serving.internal.MlflowProtocol;
import dev.capstan.server.serving.internal.ServingMetrics;
import dev.capstan.server.serving.internal.WarmupInputs;
import dev.capstan.server.serving.internal.WindowStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One model version loaded for serving. Warm-up ({@link #load}) predicts the model's serving input example (or a
 * row built from its signature) until the JIT has compiled the path, and times one row against 64: when predicting
 * rows together is much cheaper per row, requests go through a micro-batcher; otherwise small requests are
 * predicted at once on the calling thread and large ones on the batch workers. A version in use is closed only
 * after its last request ({@link #retire}). Thread-safe.
 */
public final class ServedModel {

    private static final Logger LOG = LoggerFactory.getLogger(ServedModel.class);
    private static final long INLINE_BUDGET_NANOS = 200_000;
    private static final int WARMUP_MILLIS = 1_500;

    private final String name;
    private final ModelRef ref;
    private final ModelScorer scorer;
    private final Batcher batcher;
    private final boolean batchEverything;
    private final double callNanos;
    private final double rowNanos;
    private final AtomicInteger users = new AtomicInteger();
    private final WindowStats stats = new WindowStats();
    private final WindowStats monitorStats = new WindowStats();
    private final ReferenceProfile reference;
    private volatile LoggedValues.Layout loggedLayout;
    private volatile boolean retired;

    private ServedModel(String name, ModelRef ref, ModelScorer scorer, ReferenceProfile reference,
                        ServingConfig config, ServingMetrics metrics, Costs costs) {
        this.name = name;
        this.ref = ref;
        this.scorer = scorer;
        this.reference = reference;
        this.callNanos = costs.callNanos;
        this.rowNanos = costs.rowNanos;
        this.batchEverything = config.batching() == ServingConfig.Batching.ALWAYS
                || config.batching() == ServingConfig.Batching.AUTO && costs.batchingPays();
        boolean merge = config.batching() != ServingConfig.Batching.NEVER && costs.rowAligned;
        var batchRows = metrics.batchRows(name, ref.version());
        this.batcher = new Batcher(name + "-" + ref.version(), scorer::predict, merge, config.maxBatchRows(),
                config.maxBatchDelay().toNanos(), config.maxQueue(), config.workers(), batchRows::observe);
    }

    /**
     * Loads the package in {@code dir}, served as {@code name}, warms it up and measures it; the model is ready when
     * this returns.
     */
    public static ServedModel load(String name, ModelRef ref, Path dir, ServingConfig config, ServingMetrics metrics) {
        ModelScorer scorer = ModelScorer.open(dir);
        try {
            Costs costs = warmUp(scorer, sample(dir, scorer));
            LOG.info("Model {} version {} is ready: {}", name, ref.version(), costs);
            return new ServedModel(name, ref, scorer, ReferenceProfile.read(dir).orElse(null), config, metrics,
                    costs);
        } catch (RuntimeException e) {
            scorer.close();
            throw e;
        }
    }

    public ModelRef ref() {
        return ref;
    }

    /** The name it is served under. */
    public String name() {
        return name;
    }

    public String version() {
        return ref.version();
    }

    /** The loaded model, for decoding requests against its signature. */
    public ModelScorer scorer() {
        return scorer;
    }

    /**
     * Predicts a checked input: at once on this thread when it is small and batching does not pay, otherwise
     * through the batch queue (which refuses it with {@code TEMPORARILY_UNAVAILABLE} when full).
     */
    public CompletableFuture<Predictions> predict(PreparedInput input) {
        if (!batchEverything && callNanos + rowNanos * input.rows() <= INLINE_BUDGET_NANOS) {
            return CompletableFuture.completedFuture(scorer.predict(input));
        }
        return batcher.submit(input);
    }

    /** Requests and comparisons since a rollout's analysis last looked. */
    public WindowStats stats() {
        return stats;
    }

    /** Requests since monitoring last looked: its latency and error windows, apart from a rollout's. */
    public WindowStats monitorStats() {
        return monitorStats;
    }

    /**
     * The prediction log's layout of these columns: the one this version's requests share, unless they differ
     * from it (a model without a signature takes any columns).
     */
    public LoggedValues.Layout loggedLayout(Map<String, Object> inputs, Map<String, Object> outputs) {
        LoggedValues.Layout layout = loggedLayout;
        if (layout == null || !layout.matches(inputs, outputs)) {
            layout = LoggedValues.Layout.of(inputs, outputs);
            loggedLayout = layout;
        }
        return layout;
    }

    /** The training data's profile that the package carries, or null when it has none (no drift without it). */
    public ReferenceProfile reference() {
        return reference;
    }

    /** Requests waiting in the batch queue. */
    public int queued() {
        return batcher.depth();
    }

    /** Requests holding this version ({@link #tryAcquire} without {@link #release}). */
    public int inFlight() {
        return Math.max(0, users.get());
    }

    /** Marks a request as using this version; false once it is closed, so that the caller looks up its successor. */
    public boolean tryAcquire() {
        while (true) {
            int n = users.get();
            if (n < 0) {
                return false;
            }
            if (users.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Ends a request's use; the last one out of a retired version closes it. */
    public void release() {
        if (users.decrementAndGet() == 0 && retired) {
            closeIfUnused();
        }
    }

    /** Takes the version out of service: it closes once its in-flight requests are done. */
    public void retire() {
        retired = true;
        closeIfUnused();
    }

    private void closeIfUnused() {
        if (users.compareAndSet(0, -1)) {
            batcher.close();
            scorer.close();
            LOG.info("Model {} version {} unloaded", name, ref.version());
        }
    }

    /** The serving input example the package ships, or one row built from its signature, or null. */
    /**
     * One request to warm up with: the package's {@code serving_input_example.json}, else its saved input example
     * (pandas {@code split} orient, as MLflow and {@code capstan train} save it), else a row built from the signature.
     */
    private static PreparedInput sample(Path dir, ModelScorer scorer) {
        Path serving = dir.resolve("serving_input_example.json");
        SavedInputExampleInfo saved = scorer.model().savedInputExampleInfo();
        try {
            if (Files.isRegularFile(serving)) {
                return MlflowProtocol.decodeJson(Json.MAPPER.readTree(serving.toFile()), scorer);
            }
            if (saved != null && "split".equals(saved.pandasOrient()) && saved.artifactPath() != null
                    && Files.isRegularFile(dir.resolve(saved.artifactPath()))) {
                ObjectNode request = Json.MAPPER.createObjectNode();
                request.set("dataframe_split", Json.MAPPER.readTree(dir.resolve(saved.artifactPath()).toFile()));
                return MlflowProtocol.decodeJson(request, scorer);
            }
        } catch (Exception e) {
            LOG.warn("Cannot use the input example of {} to warm up: {}", dir, e.getMessage());
        }
        return WarmupInputs.fromSignature(scorer);
    }

    private static Costs warmUp(ModelScorer scorer, PreparedInput one) {
        if (one == null) {
            return new Costs(Double.NaN, Double.NaN, false);
        }
        try {
            scorer.predict(one);
        } catch (RuntimeException e) {
            LOG.warn("Cannot warm up with a row built from the signature ({}); serving without measurements",
                    e.getMessage());
            return new Costs(Double.NaN, Double.NaN, false);
        }
        PreparedInput many = one.concatenatesWith(one) ? PreparedInput.concat(Collections.nCopies(64, one)) : one;
        long end = System.nanoTime() + WARMUP_MILLIS * 1_000_000L;
        int calls = 0;
        while (System.nanoTime() < end && calls < 20_000) {
            scorer.predict(one);
            calls++;
        }
        boolean aligned = scorer.predict(many).rowAligned() && many.rows() == 64 * one.rows();
        double single = time(() -> scorer.predict(one), 200);
        double batch = time(() -> scorer.predict(many), 20);
        double perRow = (batch - single) / Math.max(1, many.rows() - one.rows());
        return new Costs(Math.max(0, single - perRow * one.rows()), Math.max(perRow, batch / many.rows() / 4),
                aligned);
    }

    private static double time(Runnable call, int times) {
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            call.run();
        }
        return (System.nanoTime() - start) / (double) times;
    }

    /** Fixed cost of a call and cost per row, in nanoseconds, and whether outputs can be split by row. */
    private record Costs(double callNanos, double rowNanos, boolean rowAligned) {

        /** Batching pays when a call's fixed cost is large next to a row's (NaN: unknown, so batch to be safe). */
        boolean batchingPays() {
            return rowAligned && !(callNanos < 4 * rowNanos || callNanos < 20_000);
        }

        @Override
        public String toString() {
            return Double.isNaN(callNanos) ? "no warm-up input, predictions go through the batch queue"
                    : String.format("%.1f us per call + %.2f us per row, %s", callNanos / 1e3, rowNanos / 1e3,
                    batchingPays() ? "micro-batching" : "predicting small requests at once");
        }
    }
}
