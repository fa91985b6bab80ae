package dev.capstan.validate.internal;

import java.util.Arrays;

/**
 * Exact quantiles of a column's numbers with linear interpolation (numpy's and pandas' default), in bounded memory:
 * a column that fits is sorted; a spilled one is narrowed by histogram passes over the spill file until the bucket
 * that holds the wanted rank fits in memory.
 */
final class ExactQuantiles {

    private static final int BUCKETS = 1 << 16;

    private ExactQuantiles() {
    }

    /** The quantiles {@code qs} (each in [0, 1]) of the log's numbers; NaN for each when it has none. */
    static double[] of(DoubleLog log, double[] qs) {
        long n = log.size();
        double[] result = new double[qs.length];
        if (n == 0) {
            Arrays.fill(result, Double.NaN);
            return result;
        }
        double[] sorted = n <= DoubleLog.IN_MEMORY ? sorted(log) : null;
        for (int i = 0; i < qs.length; i++) {
            double h = (n - 1) * qs[i];
            long lo = (long) Math.floor(h);
            double low = rank(log, sorted, lo);
            double high = h == lo ? low : rank(log, sorted, lo + 1);
            result[i] = low + (h - lo) * (high - low);
        }
        return result;
    }

    private static double[] sorted(DoubleLog log) {
        double[] values = log.toArray();
        Arrays.sort(values);
        return values;
    }

    /** The value of 0-based rank {@code k} in sorted order. */
    private static double rank(DoubleLog log, double[] sorted, long k) {
        return sorted != null ? sorted[(int) k] : select(log, k);
    }

    /**
     * Radix selection on the doubles' order-preserving bits: each pass counts the values under the prefix found so
     * far by their next 16 bits, until the bucket holding rank {@code k} fits in memory.
     */
    private static double select(DoubleLog log, long k) {
        long prefix = 0;
        int prefixBits = 0;
        long before = 0;   // values whose key is below the prefix's range
        while (true) {
            long[] counts = new long[BUCKETS];
            long[] under = {0};
            long p = prefix;
            int bits = prefixBits;
            log.forEach(x -> {
                long key = key(x);
                if (bits == 0 || key >>> (64 - bits) == p) {
                    counts[(int) ((key << bits) >>> 48)]++;
                }
            });
            long seen = before;
            int bucket = 0;
            while (seen + counts[bucket] <= k) {
                seen += counts[bucket++];
            }
            before = seen;
            prefix = (prefix << 16) | bucket;
            prefixBits += 16;
            if (prefixBits == 64) {
                return fromKey(prefix);
            }
            if (counts[bucket] <= DoubleLog.IN_MEMORY) {
                return collect(log, prefix, prefixBits, counts[bucket])[(int) (k - before)];
            }
        }
    }

    private static double[] collect(DoubleLog log, long prefix, int prefixBits, long count) {
        double[] values = new double[(int) count];
        int[] n = {0};
        log.forEach(x -> {
            if (key(x) >>> (64 - prefixBits) == prefix) {
                values[n[0]++] = x;
            }
        });
        Arrays.sort(values);
        return values;
    }

    /** A key whose unsigned order is the doubles' numeric order. */
    private static long key(double x) {
        long bits = Double.doubleToLongBits(x == 0 ? 0.0 : x);
        return bits < 0 ? ~bits : bits | Long.MIN_VALUE;
    }

    private static double fromKey(long key) {
        return Double.longBitsToDouble(key < 0 ? key & Long.MAX_VALUE : ~key);
    }
}
