package dev.capstan.validate.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Counts per 64-bit hash in bounded memory: a {@link LongCounts} table until it holds {@link LongCounts#CAPACITY}
 * hashes, then the table is written to a temporary file sorted by hash and started afresh; at the end the runs
 * are merged. Memory stays under about 48 MiB per check, whatever the number of distinct values.
 */
final class SpillingCounts implements AutoCloseable {

    private LongCounts table = new LongCounts();
    private final List<Path> runs = new ArrayList<>();

    /** Counts {@code hash} at {@code row}; returns its count in the current table (the whole count until a spill). */
    long add(long hash, long row) {
        if (table.full()) {
            spill();
        }
        return table.add(hash, row);
    }

    /** The row {@code hash} was first seen at in the current table; -1 if not there. */
    long firstRowInTable(long hash) {
        return table.firstRow(hash);
    }

    /** Whether counts went to disk (examples then come from the table in memory only). */
    boolean spilled() {
        return !runs.isEmpty();
    }

    /** Calls {@code visitor} once per distinct hash with its total count and first row. */
    void forEach(LongCounts.Visitor visitor) {
        if (runs.isEmpty()) {
            table.forEach(visitor);
            return;
        }
        spill();
        merge(visitor);
    }

    /** The number of distinct hashes. */
    long distinct() {
        if (runs.isEmpty()) {
            return table.size();
        }
        long[] n = {0};
        forEach((hash, count, firstRow) -> n[0]++);
        return n[0];
    }

    private void spill() {
        if (table.size() == 0) {
            return;
        }
        try {
            Path run = Files.createTempFile("capstan-validate-", ".counts");
            runs.add(run);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run),
                    1 << 16))) {
                for (long hash : table.sortedHashes()) {
                    out.writeLong(hash);
                    out.writeLong(table.count(hash));
                    out.writeLong(table.firstRow(hash));
                }
            }
            table = new LongCounts();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot spill value counts to a temporary file", e);
        }
    }

    private void merge(LongCounts.Visitor visitor) {
        PriorityQueue<Run> queue = new PriorityQueue<>((a, b) -> Long.compare(a.hash, b.hash));
        try {
            for (Path path : runs) {
                Run run = new Run(path);
                if (run.next()) {
                    queue.add(run);
                }
            }
            while (!queue.isEmpty()) {
                long hash = queue.peek().hash;
                long count = 0;
                long firstRow = Long.MAX_VALUE;
                while (!queue.isEmpty() && queue.peek().hash == hash) {
                    Run run = queue.poll();
                    count += run.count;
                    firstRow = Math.min(firstRow, run.firstRow);
                    if (run.next()) {
                        queue.add(run);
                    } else {
                        run.in.close();
                    }
                }
                visitor.visit(hash, count, firstRow);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot merge spilled value counts", e);
        } finally {
            queue.forEach(Run::closeQuietly);
        }
    }

    @Override
    public void close() {
        runs.forEach(run -> {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                // a temporary file; the OS cleans up what is left
            }
        });
    }

    /** One sorted run being read. */
    private static final class Run {
        final DataInputStream in;
        long hash;
        long count;
        long firstRow;

        Run(Path path) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path), 1 << 16));
        }

        boolean next() throws IOException {
            try {
                hash = in.readLong();
                count = in.readLong();
                firstRow = in.readLong();
                return true;
            } catch (EOFException e) {
                return false;
            }
        }

        void closeQuietly() {
            try {
                in.close();
            } catch (IOException e) {
                // reading is over
            }
        }
    }
}
