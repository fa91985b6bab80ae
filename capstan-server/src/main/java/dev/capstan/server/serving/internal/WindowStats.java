package dev.capstan.server.serving.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One version's requests since the last look: answers, non-2xx answers, latencies (the last 8,192 kept, for the
 * 99th percentile), predicted scores (the last 8,192) and comparisons with another version. A rollout's analysis {@link #drain drains} it every
 * interval. Recording takes no lock, so that it costs the request path next to nothing; a drain that races with
 * requests may count one of them in the next window instead. Thread-safe.
 */
public final class WindowStats {

    /** What a window held; {@code scores}: the last predicted scores (at most 8,192). */
    public record Window(long requests, long errors, double p99Millis, long comparisons, long disagreements,
                         double[] scores) {

        public double errorRate() {
            return requests == 0 ? 0 : errors / (double) requests;
        }

        public double divergence() {
            return comparisons == 0 ? 0 : disagreements / (double) comparisons;
        }
    }

    private static final int KEPT = 8192;

    private final long[] latencies = new long[KEPT];
    private final double[] scores = new double[KEPT];
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong scored = new AtomicLong();
    private final LongAdder errors = new LongAdder();
    private final LongAdder comparisons = new LongAdder();
    private final LongAdder disagreements = new LongAdder();

    public void answered(int status, long nanos) {
        latencies[(int) (requests.getAndIncrement() % KEPT)] = nanos;
        if (status < 200 || status >= 300) {
            errors.increment();
        }
    }

    /** A predicted score (a probability, a value), for prediction drift between versions. */
    public void scored(double score) {
        scores[(int) (scored.getAndIncrement() % KEPT)] = score;
    }

    public void compared(boolean agreed) {
        comparisons.increment();
        if (!agreed) {
            disagreements.increment();
        }
    }

    /** The window so far, and a fresh one from now. */
    public synchronized Window drain() {
        long n = requests.getAndSet(0);
        int kept = (int) Math.min(n, KEPT);
        long[] sorted = Arrays.copyOf(latencies, kept);
        Arrays.sort(sorted);
        double p99 = kept == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(0.99 * kept) - 1)] / 1e6;
        double[] window = Arrays.copyOf(scores, (int) Math.min(scored.getAndSet(0), KEPT));
        return new Window(n, errors.sumThenReset(), p99, comparisons.sumThenReset(), disagreements.sumThenReset(),
                window);
    }
}
