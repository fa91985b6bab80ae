package dev.capstan.ml.mlmodel.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.mlmodel.SignatureEnforcer.Coercion;
import dev.capstan.ml.mlmodel.internal.ColumnConverter.Cell;

import java.math.BigDecimal;
import java.util.List;

/**
 * Flat Java arrays of a tensor's NumPy dtype, filled value by value from table cells: numbers (and, with
 * {@link Coercion#SERVING}, numeric strings) converted to the dtype, refusing what it cannot represent.
 *
 * <p>{@link Coercion#STRICT} takes only values whose Java type the dtype holds without conversion or by lossless
 * widening, as MLflow's {@code _enforce_tensor_spec} checks the dtype: {@code Float} for float32; {@code Float},
 * {@code Double} and integers up to {@code Integer} for float64; integers for integer dtypes (range-checked);
 * {@code Boolean} for bool. {@link Coercion#SERVING} also converts as MLflow's scoring server casts a parsed request
 * to the tensor's dtype, but losslessly where it matters: any number or numeric string to a floating dtype (float32
 * rounds to nearest; values beyond its range fail rather than becoming infinite), whole numbers to integer dtypes
 * (2.5 fails rather than being truncated). A missing value ({@code null}, NaN) is NaN in a floating tensor and fails
 * for the others.
 */
final class TensorValues {

    /** The dtypes a table can be converted to, with the Java array type {@link dev.capstan.ml.Tensor} uses. */
    static final List<String> DTYPES = List.of("float32", "float64", "int8", "uint8", "int16", "int32", "int64",
            "bool");

    private TensorValues() {
    }

    /** Fails unless {@code dtype} is one of {@link #DTYPES}; {@code tensor} names the tensor. */
    static void requireSupported(String dtype, String tensor) {
        if (!DTYPES.contains(dtype)) {
            throw CapstanException.invalid("The dtype of %s is %s: Capstan builds tensors from table columns only "
                    + "for %s", tensor, dtype, DTYPES);
        }
    }

    /** A zeroed array of {@code size} elements of {@code dtype}. */
    static Object newArray(String dtype, int size) {
        return switch (dtype) {
            case "float32" -> new float[size];
            case "float64" -> new double[size];
            case "int8", "uint8" -> new byte[size];
            case "int16" -> new short[size];
            case "int32" -> new int[size];
            case "int64" -> new long[size];
            default -> new boolean[size];
        };
    }

    /**
     * Copies a whole column of primitives to every {@code stride}-th element from {@code offset} where no value
     * can fail (double or float into float64, float into float32, long into int64, and with SERVING coercion
     * doubles within float32's range into float32); returns whether it did, otherwise the caller converts value by
     * value, which names the cell that fails.
     */
    static boolean copyFast(Object column, Object array, int offset, int stride, Coercion coercion) {
        if (array instanceof float[] out && column instanceof double[] in && coercion == Coercion.SERVING) {
            for (int r = 0; r < in.length; r++) {
                float f = (float) in[r];
                if (Float.isInfinite(f) && !Double.isInfinite(in[r])) {
                    return false;
                }
                out[offset + r * stride] = f;
            }
            return true;
        }
        if (array instanceof double[] out && column instanceof double[] in) {
            for (int r = 0; r < in.length; r++) {
                out[offset + r * stride] = in[r];
            }
            return true;
        }
        if (array instanceof double[] out && column instanceof float[] in) {
            for (int r = 0; r < in.length; r++) {
                out[offset + r * stride] = in[r];
            }
            return true;
        }
        if (array instanceof float[] out && column instanceof float[] in) {
            for (int r = 0; r < in.length; r++) {
                out[offset + r * stride] = in[r];
            }
            return true;
        }
        if (array instanceof long[] out && column instanceof long[] in) {
            for (int r = 0; r < in.length; r++) {
                out[offset + r * stride] = in[r];
            }
            return true;
        }
        return false;
    }

    /** Stores {@code value}, converted to {@code dtype}, at {@code index} of {@code array}; fails naming the cell. */
    static void set(Object array, int index, Cell cell, Object value, String dtype, Coercion coercion) {
        if (Kinds.isMissing(value) && !dtype.startsWith("float")) {
            throw cell.fail(dtype, value, "a " + dtype + " tensor cannot hold missing values");
        }
        switch (dtype) {
            case "float32" -> ((float[]) array)[index] = float32(cell, value, coercion);
            case "float64" -> ((double[]) array)[index] = floating(cell, value, dtype, coercion);
            case "int8" -> ((byte[]) array)[index] = (byte) integral(cell, value, dtype, coercion, -128, 127);
            case "uint8" -> ((byte[]) array)[index] = (byte) integral(cell, value, dtype, coercion, 0, 255);
            case "int16" -> ((short[]) array)[index] =
                    (short) integral(cell, value, dtype, coercion, Short.MIN_VALUE, Short.MAX_VALUE);
            case "int32" -> ((int[]) array)[index] =
                    (int) integral(cell, value, dtype, coercion, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "int64" -> ((long[]) array)[index] =
                    integral(cell, value, dtype, coercion, Long.MIN_VALUE, Long.MAX_VALUE);
            default -> ((boolean[]) array)[index] = bool(cell, value);
        }
    }

    private static float float32(Cell cell, Object value, Coercion coercion) {
        double d = floating(cell, value, "float32", coercion);
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw cell.fail("float32", value, "out of range");
        }
        return f;
    }

    private static double floating(Cell cell, Object value, String dtype, Coercion coercion) {
        if (value == null) {
            return Double.NaN;
        }
        if (value instanceof Float || dtype.equals("float64") && (value instanceof Double
                || value instanceof Byte || value instanceof Short || value instanceof Integer)) {
            return ((Number) value).doubleValue();
        }
        if (coercion == Coercion.STRICT) {
            throw cell.fail(dtype, value, value instanceof String ? "strings are not converted"
                    : "only lossless conversions are made without SERVING coercion");
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            return Scalars.parseDouble(cell, s, dtype);
        }
        throw cell.fail(dtype, value, "");
    }

    private static long integral(Cell cell, Object value, String dtype, Coercion coercion, long min, long max) {
        long result;
        if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long) {
            result = ((Number) value).longValue();
        } else if (coercion == Coercion.STRICT || value instanceof Boolean) {
            throw cell.fail(dtype, value, value instanceof String ? "strings are not converted"
                    : "only integers are converted to integer tensors");
        } else {
            result = whole(cell, Scalars.exact(cell, value, dtype), value, dtype);
        }
        if (result < min || result > max) {
            throw cell.fail(dtype, value, "out of range");
        }
        return result;
    }

    private static long whole(Cell cell, BigDecimal exact, Object value, String dtype) {
        try {
            return exact.longValueExact();
        } catch (ArithmeticException e) {
            boolean integer = exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0;
            throw cell.fail(dtype, value, integer ? "out of range" : "not a whole number");
        }
    }

    private static boolean bool(Cell cell, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw cell.fail("bool", value, "");
    }
}
