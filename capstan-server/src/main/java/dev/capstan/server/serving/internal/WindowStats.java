package dev.capstan.server.serving.internal;

import java.util.Arrays;

/**
 * One version's requests since the last look: answers, non-2xx answers, latencies (the last 8,192 kept, for the
 * 99th percentile) and comparisons with another version. A rollout's analysis {@link #drain drains} it every
 * interval. Thread-safe.
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
    private long requests;
    private long errors;
    private long comparisons;
    private long disagreements;

    public synchronized void answered(int status, long nanos) {
        latencies[(int) (requests % KEPT)] = nanos;
        requests++;
        if (status < 200 || status >= 300) {
            errors++;
        }
    }

    public synchronized void compared(boolean agreed) {
        comparisons++;
        if (!agreed) {
            disagreements++;
        }
    }

    /** The window so far, and a fresh one from now. */
    public synchronized Window drain() {
        int n = (int) Math.min(requests, KEPT);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double p99 = n == 0 ? 0 : sorted[Math.min(n - 1, (int) Math.ceil(0.99 * n) - 1)] / 1e6;
        Window window = new Window(requests, errors, p99, comparisons, disagreements);
        requests = 0;
        errors = 0;
        comparisons = 0;
        disagreements = 0;
        return window;
    }
}
