package dev.capstan.validate.internal;

import java.util.Arrays;

/**
 * Counts per 64-bit hash with the row each hash was first seen at: an open-addressing table of primitives, each
 * slot's hash, count and first row side by side (24 bytes, one cache line per probe), at most half the slots used.
 * It grows without limit; {@link SpillingCounts} bounds it at {@link #CAPACITY} hashes.
 */
final class LongCounts {

    /** The hashes a table holds before {@link SpillingCounts} writes it out (≈ 48 MiB at most). */
    static final int CAPACITY = 1 << 20;

    /** Per slot: hash, count (0 for a free slot), first row. */
    private long[] slots = new long[3 * 16];
    private int size;

    /** Counts one more occurrence of {@code hash} at {@code row}; returns its count so far. */
    long add(long hash, long row) {
        if (size * 2 >= slots.length / 3) {
            grow();
        }
        int at = find(slots, hash);
        if (slots[at + 1] == 0) {
            slots[at] = hash;
            slots[at + 2] = row;
            size++;
        }
        return ++slots[at + 1];
    }

    /** The row {@code hash} was first seen at; -1 if never. */
    long firstRow(long hash) {
        int at = find(slots, hash);
        return slots[at + 1] == 0 ? -1 : slots[at + 2];
    }

    /** The count of {@code hash}; 0 if never seen. */
    long count(long hash) {
        return slots[find(slots, hash) + 1];
    }

    int size() {
        return size;
    }

    boolean full() {
        return size >= CAPACITY;
    }

    /** The hashes held, sorted. */
    long[] sortedHashes() {
        long[] sorted = new long[size];
        int n = 0;
        for (int at = 0; at < slots.length; at += 3) {
            if (slots[at + 1] != 0) {
                sorted[n++] = slots[at];
            }
        }
        Arrays.sort(sorted);
        return sorted;
    }

    /** Calls {@code visitor} with each hash, its count and first row. */
    void forEach(Visitor visitor) {
        for (int at = 0; at < slots.length; at += 3) {
            if (slots[at + 1] != 0) {
                visitor.visit(slots[at], slots[at + 1], slots[at + 2]);
            }
        }
    }

    interface Visitor {
        void visit(long hash, long count, long firstRow);
    }

    /** The slot (index of its hash) that holds {@code hash}, or the free one where it goes. */
    private static int find(long[] slots, long hash) {
        int mask = slots.length / 3 - 1;
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (slots[3 * slot + 1] != 0 && slots[3 * slot] != hash) {
            slot = (slot + 1) & mask;
        }
        return 3 * slot;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (int at = 0; at < old.length; at += 3) {
            if (old[at + 1] != 0) {
                int to = find(slots, old[at]);
                System.arraycopy(old, at, slots, to, 3);
            }
        }
    }
}
