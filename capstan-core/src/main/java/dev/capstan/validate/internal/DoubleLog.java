package dev.capstan.validate.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.DoubleConsumer;

/**
 * Doubles in the order they came, in memory up to {@link #IN_MEMORY} of them and in a temporary file beyond: what
 * checks that need a whole column (quantiles, z-scores) keep, so that memory stays bounded on any input.
 */
final class DoubleLog implements AutoCloseable {

    /** Doubles kept in memory (8 MiB); the rest is spilled. */
    static final int IN_MEMORY = 1 << 20;

    private double[] buffer = new double[16];
    private int buffered;
    private long spilled;
    private Path file;
    private FileChannel channel;

    void add(double value) {
        if (buffered == buffer.length) {
            if (buffered == IN_MEMORY) {
                spill();
            } else {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
        }
        buffer[buffered++] = value;
    }

    long size() {
        return spilled + buffered;
    }

    /** Calls {@code consumer} with every value, in the order added. */
    void forEach(DoubleConsumer consumer) {
        if (spilled > 0) {
            readSpilled(consumer);
        }
        for (int i = 0; i < buffered; i++) {
            consumer.accept(buffer[i]);
        }
    }

    /** All values in one array; only for logs of at most {@link #IN_MEMORY} values. */
    double[] toArray() {
        if (spilled > 0) {
            throw new IllegalStateException("spilled to disk");
        }
        return java.util.Arrays.copyOf(buffer, buffered);
    }

    private void spill() {
        try {
            if (channel == null) {
                file = Files.createTempFile("capstan-validate-", ".doubles");
                channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
            }
            ByteBuffer bytes = ByteBuffer.allocate(buffered * Double.BYTES).order(ByteOrder.nativeOrder());
            bytes.asDoubleBuffer().put(buffer, 0, buffered);
            channel.write(bytes, spilled * Double.BYTES);
            spilled += buffered;
            buffered = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot spill values to " + file, e);
        }
    }

    private void readSpilled(DoubleConsumer consumer) {
        ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.nativeOrder());
        try {
            long position = 0;
            long end = spilled * Double.BYTES;
            while (position < end) {
                bytes.clear();
                bytes.limit((int) Math.min(bytes.capacity(), end - position));
                position += channel.read(bytes, position);
                bytes.flip();
                while (bytes.remaining() >= Double.BYTES) {
                    consumer.accept(bytes.getDouble());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read spilled values from " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
