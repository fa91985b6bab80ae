package dev.capstan.monitor.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A growable little-endian byte buffer, as Parquet lays out its plain values and lengths. */
final class Bytes {

    private ByteBuffer buffer;

    Bytes() {
        this(256);
    }

    /** A buffer with room for {@code capacity} bytes before it grows. */
    Bytes(int capacity) {
        buffer = ByteBuffer.allocate(Math.max(16, capacity)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private ByteBuffer room(int bytes) {
        if (buffer.remaining() < bytes) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                    .order(ByteOrder.LITTLE_ENDIAN);
            buffer = bigger.put(buffer.flip());
        }
        return buffer;
    }

    void putByte(int value) {
        room(1).put((byte) value);
    }

    void putInt(int value) {
        room(4).putInt(value);
    }

    void putLong(long value) {
        room(8).putLong(value);
    }

    void putDouble(double value) {
        room(8).putDouble(value);
    }

    void putDoubles(double[] values, int count) {
        ByteBuffer room = room(count * Double.BYTES);
        room.asDoubleBuffer().put(values, 0, count);
        room.position(room.position() + count * Double.BYTES);
    }

    void put(byte[] bytes) {
        room(bytes.length).put(bytes);
    }

    void put(Bytes other) {
        room(other.size()).put(other.array(), 0, other.size());
    }

    /** An unsigned LEB128 integer, as the RLE/bit-packing hybrid encodes its run headers. */
    void putVarInt(int value) {
        while ((value & ~0x7F) != 0) {
            putByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        putByte(value);
    }

    int size() {
        return buffer.position();
    }

    /** The backing array, whose first {@link #size} bytes are the content. */
    byte[] array() {
        return buffer.array();
    }
}
