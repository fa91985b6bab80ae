package dev.capstan.validate.internal;

import java.util.Arrays;

/**
 * Counts per 64-bit hash with the row each hash was first seen at: an open-addressing table of primitives (25 bytes
 * a slot, at most half the slots used), for uniqueness and value counts without boxing. It grows without limit;
 * {@link SpillingCounts} bounds it at {@link #CAPACITY} hashes.
 */
final class LongCounts {

    /** The hashes a table holds before {@link SpillingCounts} writes it out (≈ 26 MiB at most). */
    static final int CAPACITY = 1 << 19;

    private long[] hashes = new long[1024];
    private long[] firstRows = new long[1024];
    private long[] counts = new long[1024];
    private boolean[] used = new boolean[1024];
    private int size;

    /** Counts one more occurrence of {@code hash} at {@code row}; returns its count so far. */
    long add(long hash, long row) {
        if (size * 2 >= hashes.length) {
            grow();
        }
        int slot = find(hash, hashes, used);
        if (!used[slot]) {
            used[slot] = true;
            hashes[slot] = hash;
            firstRows[slot] = row;
            size++;
        }
        return ++counts[slot];
    }

    /** The row {@code hash} was first seen at; -1 if never. */
    long firstRow(long hash) {
        int slot = find(hash, hashes, used);
        return used[slot] ? firstRows[slot] : -1;
    }

    /** The count of {@code hash}; 0 if never seen. */
    long count(long hash) {
        int slot = find(hash, hashes, used);
        return used[slot] ? counts[slot] : 0;
    }

    /** The hashes held, sorted. */
    long[] sortedHashes() {
        long[] sorted = new long[size];
        int n = 0;
        for (int i = 0; i < hashes.length; i++) {
            if (used[i]) {
                sorted[n++] = hashes[i];
            }
        }
        Arrays.sort(sorted);
        return sorted;
    }

    int size() {
        return size;
    }

    boolean full() {
        return size >= CAPACITY;
    }

    /** Calls {@code visitor} with each hash, its count and first row. */
    void forEach(Visitor visitor) {
        for (int i = 0; i < hashes.length; i++) {
            if (used[i]) {
                visitor.visit(hashes[i], counts[i], firstRows[i]);
            }
        }
    }

    interface Visitor {
        void visit(long hash, long count, long firstRow);
    }

    private static int find(long hash, long[] table, boolean[] used) {
        int mask = table.length - 1;
        int slot = (int) hash & mask;
        while (used[slot] && table[slot] != hash) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldHashes = hashes;
        long[] oldRows = firstRows;
        long[] oldCounts = counts;
        boolean[] oldUsed = used;
        int length = oldHashes.length * 2;
        hashes = new long[length];
        firstRows = new long[length];
        counts = new long[length];
        used = new boolean[length];
        for (int i = 0; i < oldHashes.length; i++) {
            if (oldUsed[i]) {
                int slot = find(oldHashes[i], hashes, used);
                used[slot] = true;
                hashes[slot] = oldHashes[i];
                firstRows[slot] = oldRows[i];
                counts[slot] = oldCounts[i];
            }
        }
        Arrays.fill(oldUsed, false);
    }
}
