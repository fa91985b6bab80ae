package dev.capstan.monitor.internal;

import java.util.Arrays;

/**
 * Sorts doubles (without NaN) by their bits, 16 at a time: four linear passes (fewer when a digit is the same in
 * every value) instead of a comparison sort, several times faster than {@link Arrays#sort(double[])} on a million
 * values, which drift statistics sort for every column. The order is {@code Arrays.sort}'s, -0.0 before 0.0.
 */
public final class RadixSort {

    private static final int BITS = 16;
    private static final int BUCKETS = 1 << BITS;

    private RadixSort() {
    }

    /** A sorted copy of {@code values}. */
    public static double[] sorted(double[] values) {
        long[] keys = sortedKeys(values);
        double[] out = new double[keys.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = value(keys[i]);
        }
        return out;
    }

    /**
     * The values' keys in ascending order: 64-bit patterns whose unsigned order is the values' order, which
     * {@link #value} turns back into the values; callers that walk the sorted values read them from the keys
     * rather than have them copied once more.
     */
    public static long[] sortedKeys(double[] values) {
        int n = values.length;
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            keys[i] = bits < 0 ? ~bits : bits | Long.MIN_VALUE;
        }
        long[] buffer = new long[n];
        int[] counts = new int[BUCKETS];
        for (int shift = 0; shift < Long.SIZE; shift += BITS) {
            Arrays.fill(counts, 0);
            for (long k : keys) {
                counts[(int) (k >>> shift) & (BUCKETS - 1)]++;
            }
            if (counts[(int) (keys.length == 0 ? 0 : keys[0] >>> shift) & (BUCKETS - 1)] == n) {
                continue;
            }
            int sum = 0;
            for (int b = 0; b < BUCKETS; b++) {
                int c = counts[b];
                counts[b] = sum;
                sum += c;
            }
            for (long k : keys) {
                buffer[counts[(int) (k >>> shift) & (BUCKETS - 1)]++] = k;
            }
            long[] swap = keys;
            keys = buffer;
            buffer = swap;
        }
        return keys;
    }

    /** The value a key of {@link #sortedKeys} stands for. */
    public static double value(long key) {
        return Double.longBitsToDouble(key < 0 ? key & Long.MAX_VALUE : ~key);
    }
}
