package dev.capstan.ml.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * Where converted values go: a native buffer of an input's element type. A {@code put} returns {@code false} when
 * the value cannot be represented (NaN or a fraction for an integer type), so the caller can name the cell.
 */
interface Sink {

    boolean putDouble(int index, double value);

    boolean putLong(int index, long value);

    /** The typed view of {@code bytes} for {@code input}'s element type. */
    static Sink over(ByteBuffer bytes, OnnxInput input) {
        return switch (input.type()) {
            case FLOAT -> new Floats(bytes.asFloatBuffer());
            case DOUBLE -> new Doubles(bytes.asDoubleBuffer());
            case INT64 -> new Longs(bytes.asLongBuffer());
            default -> new Ints(bytes.asIntBuffer());
        };
    }

    /** Float32: doubles are rounded to the nearest float, as NumPy's {@code astype(float32)} does. */
    record Floats(FloatBuffer buffer) implements Sink {
        @Override
        public boolean putDouble(int index, double value) {
            buffer.put(index, (float) value);
            return true;
        }

        @Override
        public boolean putLong(int index, long value) {
            buffer.put(index, (float) value);
            return true;
        }
    }

    record Doubles(DoubleBuffer buffer) implements Sink {
        @Override
        public boolean putDouble(int index, double value) {
            buffer.put(index, value);
            return true;
        }

        @Override
        public boolean putLong(int index, long value) {
            buffer.put(index, (double) value);
            return true;
        }
    }

    /** Int64: only integral doubles are accepted; 2.5 fails rather than being truncated. */
    record Longs(LongBuffer buffer) implements Sink {
        @Override
        public boolean putDouble(int index, double value) {
            long integral = (long) value;
            return integral == value && putLong(index, integral);
        }

        @Override
        public boolean putLong(int index, long value) {
            buffer.put(index, value);
            return true;
        }
    }

    record Ints(IntBuffer buffer) implements Sink {
        @Override
        public boolean putDouble(int index, double value) {
            long integral = (long) value;
            return integral == value && putLong(index, integral);
        }

        @Override
        public boolean putLong(int index, long value) {
            if (value != (int) value) {
                return false;
            }
            buffer.put(index, (int) value);
            return true;
        }
    }
}
