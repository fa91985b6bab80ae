package dev.capstan.validate.internal;

import java.util.Arrays;
import java.util.Collection;

/** A small set of hashes without boxing: a sorted array searched by bisection (the values a check names). */
final class LongSet {

    private final long[] sorted;

    LongSet(Collection<Long> values) {
        sorted = values.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
    }

    boolean contains(long value) {
        return Arrays.binarySearch(sorted, value) >= 0;
    }

    int size() {
        return sorted.length;
    }

    long[] values() {
        return sorted.clone();
    }
}
