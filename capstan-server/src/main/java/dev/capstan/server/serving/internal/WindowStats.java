package dev.capstan.server.serving.internal;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One version's requests since the last look: answers, non-2xx answers, latencies (the last 8,192 kept, for the
 * 99th percentile) and comparisons with another version. A rollout's analysis {@link #drain drains} it every
 * interval. Recording takes no lock, so that it costs the request path next to nothing; a drain that races with
 * requests may count one of them in the next window instead. Thread-safe.
 */
public final class WindowStats {

    /** What a window held. */
    public record Window(long requests, long errors, double p99Millis, long comparisons, long disagreements) {

        public double errorRate() {
            return requests == 0 ? 0 : errors / (double) requests;
        }

        public double divergence() {
            return comparisons == 0 ? 0 : disagreements / (double) comparisons;
        }
    }

    private static final int KEPT = 8192;

    private final long[] latencies = new long[KEPT];
    private final AtomicLong requests = new AtomicLong();
    private final LongAdder errors = new LongAdder();
    private final LongAdder comparisons = new LongAdder();
    private final LongAdder disagreements = new LongAdder();

    public void answered(int status, long nanos) {
        latencies[(int) (requests.getAndIncrement() % KEPT)] = nanos;
        if (status < 200 || status >= 300) {
            errors.increment();
        }
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
        return new Window(n, errors.sumThenReset(), p99, comparisons.sumThenReset(), disagreements.sumThenReset());
    }
}
