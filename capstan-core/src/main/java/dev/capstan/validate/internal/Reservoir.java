package dev.capstan.validate.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A uniform random sample of at most {@code capacity} numbers from a stream of any length (Vitter's algorithm R),
 * seeded so that the same data gives the same sample, and its quantiles. Not thread-safe.
 */
public final class Reservoir {

    private final int capacity;
    private final SplittableRandom random;
    private double[] sample = new double[16];
    private int size;
    private long seen;
    private boolean sorted;

    public Reservoir(int capacity, long seed) {
        this.capacity = capacity;
        this.random = new SplittableRandom(seed);
    }

    public void add(double value) {
        seen++;
        sorted = false;
        if (size < capacity) {
            if (size == sample.length) {
                sample = Arrays.copyOf(sample, Math.min(capacity, size * 2));
            }
            sample[size++] = value;
            return;
        }
        long slot = random.nextLong(seen);
        if (slot < capacity) {
            sample[(int) slot] = value;
        }
    }

    /** How many values the sample holds. */
    public int size() {
        return size;
    }

    /**
     * The sample's {@code q}-quantile with linear interpolation between the closest ranks, as numpy's default
     * ({@code method="linear"}) computes it.
     */
    public double quantile(double q) {
        if (size == 0) {
            throw new IllegalStateException("no values");
        }
        if (!sorted) {
            Arrays.sort(sample, 0, size);
            sorted = true;
        }
        double rank = (size - 1) * q;
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, size - 1);
        return sample[below] + (rank - below) * (sample[above] - sample[below]);
    }
}
