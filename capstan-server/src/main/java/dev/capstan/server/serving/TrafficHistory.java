package dev.capstan.server.serving;

import dev.capstan.server.serving.internal.ServingMetrics;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Each served variant's requests, errors and latency over the last ten minutes, sampled from the serving metrics
 * every ten seconds, so that the deployment pages can say how each variant is doing now: its rate, its share of
 * errors and its latency percentiles between two samples (the same figures a Prometheus {@code rate()} over the
 * counters gives). Thread-safe.
 */
public final class TrafficHistory implements AutoCloseable {

    /** One served version behind one variant of a served model. */
    public record Variant(String variant, String version) {
    }

    /**
     * What a variant did between two samples: requests, non-2xx answers and latency percentiles (interpolated within
     * the histogram's buckets; 0 without requests), {@code endedAt} the later sample's time (ms).
     */
    public record Window(long endedAt, double seconds, long requests, long errors, double p50Millis,
                         double p99Millis) {

        public double rate() {
            return seconds > 0 ? requests / seconds : 0;
        }

        public double errorRate() {
            return requests == 0 ? 0 : errors / (double) requests;
        }
    }

    /** A variant's counts at a sample: requests, errors, and requests per latency bucket (not cumulative). */
    private record Counts(long requests, long errors, long[] buckets) {
    }

    private record Sample(long at, Map<String, Map<Variant, Counts>> models) {
    }

    private static final Duration EVERY = Duration.ofSeconds(10);
    private static final int KEPT = 61;

    private final ServingMetrics metrics;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capstan-traffic-history");
        t.setDaemon(true);
        return t;
    });
    private volatile double[] upperBounds = new double[0];

    private TrafficHistory(ServingMetrics metrics) {
        this.metrics = metrics;
    }

    /** Starts sampling {@code metrics} now and every ten seconds. */
    public static TrafficHistory start(ServingMetrics metrics) {
        return start(metrics, EVERY);
    }

    /** Starts sampling {@code metrics} now and {@code every} so often (tests sample faster). */
    static TrafficHistory start(ServingMetrics metrics, Duration every) {
        TrafficHistory history = new TrafficHistory(metrics);
        history.timer.scheduleAtFixedRate(history::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return history;
    }

    /**
     * Each variant of {@code model} over the last minute: from the sample nearest a minute ago (the oldest, while
     * the history is younger) to now. Empty before the first sample.
     */
    public Map<Variant, Window> lastMinute(String model) {
        Sample now = read(System.currentTimeMillis());
        synchronized (samples) {
            Sample from = samples.stream().filter(s -> s.at() <= now.at() - 60_000).reduce((a, b) -> b)
                    .orElse(samples.peekFirst());
            return from == null ? Map.of() : windows(model, from, now);
        }
    }

    /** Each variant of {@code model} between consecutive samples of the last ten minutes, oldest first. */
    public Map<Variant, List<Window>> history(String model) {
        List<Sample> kept;
        synchronized (samples) {
            kept = new ArrayList<>(samples);
        }
        Map<Variant, List<Window>> history = new LinkedHashMap<>();
        for (int i = 1; i < kept.size(); i++) {
            windows(model, kept.get(i - 1), kept.get(i)).forEach((variant, window) ->
                    history.computeIfAbsent(variant, v -> new ArrayList<>()).add(window));
        }
        return history;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void sample() {
        Sample sample = read(System.currentTimeMillis());
        synchronized (samples) {
            samples.addLast(sample);
            while (samples.size() > KEPT) {
                samples.removeFirst();
            }
        }
    }

    /** The counters and histograms now, by model and variant. */
    private Sample read(long at) {
        Map<String, Map<Variant, Counts>> models = new HashMap<>();
        for (CounterSnapshot.CounterDataPointSnapshot point : metrics.requestCounts().getDataPoints()) {
            String status = point.getLabels().get("status");
            long n = (long) point.getValue();
            boolean error = !status.startsWith("2");
            models.computeIfAbsent(point.getLabels().get("model"), m -> new HashMap<>())
                    .merge(variant(point.getLabels()), new Counts(n, error ? n : 0, new long[0]),
                            (a, b) -> new Counts(a.requests() + b.requests(), a.errors() + b.errors(), a.buckets()));
        }
        for (HistogramSnapshot.HistogramDataPointSnapshot point : metrics.latencies().getDataPoints()) {
            ClassicHistogramBuckets buckets = point.getClassicBuckets();
            long[] counts = new long[buckets.size()];
            double[] bounds = new double[buckets.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = buckets.getCount(i);
                bounds[i] = buckets.getUpperBound(i);
            }
            upperBounds = bounds;
            models.computeIfAbsent(point.getLabels().get("model"), m -> new HashMap<>())
                    .computeIfPresent(variant(point.getLabels()), (v, c) -> new Counts(c.requests(), c.errors(), counts));
        }
        return new Sample(at, models);
    }

    private static Variant variant(Labels labels) {
        return new Variant(labels.get("variant"), labels.get("version"));
    }

    /** What each variant of {@code model} did from {@code from} to {@code to}. */
    private Map<Variant, Window> windows(String model, Sample from, Sample to) {
        Map<Variant, Counts> before = from.models().getOrDefault(model, Map.of());
        Map<Variant, Window> windows = new LinkedHashMap<>();
        to.models().getOrDefault(model, Map.of()).forEach((variant, now) -> {
            Counts then = before.getOrDefault(variant, new Counts(0, 0, new long[0]));
            long[] buckets = new long[now.buckets().length];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = now.buckets()[i] - (i < then.buckets().length ? then.buckets()[i] : 0);
            }
            windows.put(variant, new Window(to.at(), (to.at() - from.at()) / 1000.0,
                    now.requests() - then.requests(), now.errors() - then.errors(), percentile(buckets, 0.5),
                    percentile(buckets, 0.99)));
        });
        return windows;
    }

    /** The {@code q} quantile in milliseconds, interpolated linearly within its bucket (as Prometheus does). */
    private double percentile(long[] buckets, double q) {
        double[] bounds = upperBounds;
        long total = 0;
        for (long n : buckets) {
            total += n;
        }
        if (total == 0 || bounds.length != buckets.length) {
            return 0;
        }
        double rank = q * total;
        long below = 0;
        for (int i = 0; i < buckets.length; i++) {
            if (below + buckets[i] >= rank && buckets[i] > 0) {
                double lower = i == 0 ? 0 : bounds[i - 1];
                if (Double.isInfinite(bounds[i])) {
                    return lower * 1000;
                }
                return (lower + (bounds[i] - lower) * (rank - below) / buckets[i]) * 1000;
            }
            below += buckets[i];
        }
        return bounds[bounds.length - 1] * 1000;
    }
}
