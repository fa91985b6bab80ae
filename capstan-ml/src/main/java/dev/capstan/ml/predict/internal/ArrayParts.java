package dev.capstan.ml.predict.internal;

import java.lang.reflect.Array;
import java.util.List;

/** Concatenation and slicing of arrays of any element type, primitive or not, for batching rows. */
public final class ArrayParts {

    private ArrayParts() {
    }

    /** The parts, of one array type, end to end in a new array of {@code length} elements. */
    public static Object concat(List<Object> parts, int length) {
        Object out = Array.newInstance(parts.get(0).getClass().getComponentType(), length);
        int at = 0;
        for (Object part : parts) {
            int n = Array.getLength(part);
            System.arraycopy(part, 0, out, at, n);
            at += n;
        }
        return out;
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive) of {@code array}, in a new array of its type. */
    public static Object slice(Object array, int from, int to) {
        Object out = Array.newInstance(array.getClass().getComponentType(), to - from);
        System.arraycopy(array, from, out, 0, to - from);
        return out;
    }
}
