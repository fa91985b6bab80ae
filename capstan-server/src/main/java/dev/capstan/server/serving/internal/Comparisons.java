package dev.capstan.server.serving.internal;

import dev.capstan.ml.predict.PredictionTables;
import dev.capstan.ml.predict.Predictions;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;

import java.lang.reflect.Array;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Compares two versions' answers to the same request off the request path (shadow traffic, rollout divergence): a
 * small pool with a bounded queue, so that comparisons never slow or fail the client's request; when the queue is
 * full a comparison is dropped and counted. Two answers agree when their labels are equal, or, for scores, when
 * they differ by at most 1e-6 relative; the largest absolute difference of scores is recorded too. Thread-safe.
 */
public final class Comparisons implements AutoCloseable {

    /** How one pair came out. */
    public record Outcome(boolean agreed, double absDifference) {
    }

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 2, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024), r -> {
                Thread t = new Thread(r, "capstan-compare");
                t.setDaemon(true);
                return t;
            }, (r, executor) -> { });
    private final Counter pairs;
    private final Histogram difference;
    private final Histogram latency;
    private final Counter dropped;

    public Comparisons(ServingMetrics metrics) {
        var registry = metrics.registry();
        pairs = Counter.builder().name("capstan_shadow_comparisons_total")
                .help("Requests answered by two versions, by result: agree, disagree, error (the other failed)")
                .labelNames("model", "version", "other_version", "result").register(registry);
        difference = Histogram.builder().name("capstan_shadow_abs_difference")
                .help("Largest absolute difference between two versions' scores for one request")
                .labelNames("model", "version", "other_version").classicOnly()
                .classicUpperBounds(1e-6, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.25, 0.5, 1).register(registry);
        latency = Histogram.builder().name("capstan_shadow_latency_seconds")
                .help("Prediction time of the version that answered a mirrored or compared request off the request "
                        + "path").labelNames("model", "version").classicOnly()
                .classicUpperBounds(.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1).register(registry);
        dropped = Counter.builder().name("capstan_shadow_dropped_total")
                .help("Comparisons skipped because the comparison queue was full").labelNames("model")
                .register(registry);
    }

    /**
     * Runs {@code other} (which predicts the request with the other version) later and records how it compares
     * with {@code answered}; {@code done} is told the outcome (null when the other version failed).
     */
    public void submit(String model, String version, String otherVersion, Predictions answered,
                       Supplier<Predictions> other, Consumer<Outcome> done) {
        if (pool.getQueue().remainingCapacity() == 0) {
            dropped.labelValues(model).inc();
            return;
        }
        pool.execute(() -> {
            long start = System.nanoTime();
            Predictions theirs;
            try {
                theirs = other.get();
            } catch (RuntimeException e) {
                pairs.labelValues(model, version, otherVersion, "error").inc();
                done.accept(null);
                return;
            }
            latency.labelValues(model, otherVersion).observe((System.nanoTime() - start) / 1e9);
            Outcome outcome = compare(answered, theirs);
            pairs.labelValues(model, version, otherVersion, outcome.agreed ? "agree" : "disagree").inc();
            difference.labelValues(model, version, otherVersion).observe(outcome.absDifference);
            done.accept(outcome);
        });
    }

    /** Labels when both have them, otherwise the first output's numbers. */
    public static Outcome compare(Predictions a, Predictions b) {
        Map<String, Object> ours = PredictionTables.orderedOutputs(a);
        Map<String, Object> theirs = PredictionTables.orderedOutputs(b);
        double diff = maxDifference(scores(ours), scores(theirs));
        if (ours.containsKey(Predictions.LABEL) && theirs.containsKey(Predictions.LABEL)) {
            return new Outcome(Objects.deepEquals(ours.get(Predictions.LABEL),
                    theirs.get(Predictions.LABEL)), diff);
        }
        return new Outcome(diff <= 1e-6, diff);
    }

    /** The scores to compare: probabilities, else the first output. */
    private static Object scores(Map<String, Object> outputs) {
        Object p = outputs.get(Predictions.PROBABILITIES);
        return p != null ? p : outputs.values().iterator().next();
    }

    private static double maxDifference(Object a, Object b) {
        if (a == null || b == null || !a.getClass().isArray() || !b.getClass().isArray()) {
            return a == null && b == null ? 0 : Double.POSITIVE_INFINITY;
        }
        int n = Array.getLength(a);
        if (n != Array.getLength(b)) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < n; i++) {
            Object x = Array.get(a, i);
            Object y = Array.get(b, i);
            double d;
            if (x instanceof Number nx && y instanceof Number ny) {
                double dx = nx.doubleValue();
                double dy = ny.doubleValue();
                d = Math.abs(dx - dy) / Math.max(1, Math.abs(dx));
            } else if (x != null && x.getClass().isArray()) {
                d = maxDifference(x, y);
            } else {
                d = Objects.equals(x, y) ? 0 : Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    @Override
    public void close() {
        pool.shutdown();
    }
}
