package dev.capstan.ml.onnx.internal;

import java.lang.reflect.Array;
import java.util.List;

/** Copies a one-dimensional Java array of numbers into a {@link Sink}, dispatching on the array type once. */
final class Values {

    static final int OK = -1;

    private Values() {
    }

    /**
     * Writes element {@code i} of {@code values} to {@code sink} at {@code offset + i * stride}; returns {@link #OK}
     * or the index of the first element that is not a number the sink can hold. {@code null} means missing (NaN).
     */
    static int write(Object values, Sink sink, int offset, int stride) {
        if (values instanceof double[] a) {
            for (int i = 0; i < a.length; i++) {
                if (!sink.putDouble(offset + i * stride, a[i])) {
                    return i;
                }
            }
            return OK;
        }
        if (values instanceof float[] a) {
            for (int i = 0; i < a.length; i++) {
                if (!sink.putDouble(offset + i * stride, a[i])) {
                    return i;
                }
            }
            return OK;
        }
        if (values instanceof long[] a) {
            for (int i = 0; i < a.length; i++) {
                if (!sink.putLong(offset + i * stride, a[i])) {
                    return i;
                }
            }
            return OK;
        }
        return writeOther(values, sink, offset, stride);
    }

    /** The number of elements of a row value: a Java array or a {@link List}. */
    static int length(Object row) {
        return row instanceof List<?> list ? list.size() : Array.getLength(row);
    }

    /** Element {@code i} of a Java array or list, for messages. */
    static Object get(Object values, int i) {
        return values instanceof List<?> list ? list.get(i) : Array.get(values, i);
    }

    /** Whether {@code value} is a row of several values (an array or a list) rather than one cell. */
    static boolean isRow(Object value) {
        return value instanceof List<?> || value != null && value.getClass().isArray();
    }

    private static int writeOther(Object values, Sink sink, int offset, int stride) {
        if (values instanceof int[] a) {
            for (int i = 0; i < a.length; i++) {
                if (!sink.putLong(offset + i * stride, a[i])) {
                    return i;
                }
            }
            return OK;
        }
        if (values instanceof short[] || values instanceof byte[]) {
            int n = Array.getLength(values);
            for (int i = 0; i < n; i++) {
                if (!sink.putLong(offset + i * stride, ((Number) Array.get(values, i)).longValue())) {
                    return i;
                }
            }
            return OK;
        }
        if (values instanceof Object[] a) {
            return writeBoxed(a, sink, offset, stride);
        }
        if (values instanceof List<?> list) {
            return writeBoxed(list.toArray(), sink, offset, stride);
        }
        return 0;
    }

    private static int writeBoxed(Object[] a, Sink sink, int offset, int stride) {
        for (int i = 0; i < a.length; i++) {
            if (!writeOne(a[i], sink, offset + i * stride)) {
                return i;
            }
        }
        return OK;
    }

    private static boolean writeOne(Object value, Sink sink, int index) {
        if (value == null) {
            return sink.putDouble(index, Double.NaN);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return sink.putLong(index, ((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return sink.putDouble(index, number.doubleValue());
        }
        return false;
    }
}
