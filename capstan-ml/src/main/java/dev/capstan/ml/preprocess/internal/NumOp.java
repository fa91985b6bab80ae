package dev.capstan.ml.preprocess.internal;

/**
 * One fitted operation on a number, in the exact arithmetic of its scikit-learn counterpart so that results agree
 * to the bit: fill a missing value ({@code SimpleImputer}), {@code (x - mean) / scale} ({@code StandardScaler}),
 * {@code x * scale + min} ({@code MinMaxScaler}).
 */
public record NumOp(Kind kind, double a, double b) {

    /** The operations. */
    public enum Kind { FILL, STANDARD, MINMAX }

    public static NumOp fill(double value) {
        return new NumOp(Kind.FILL, value, 0.0);
    }

    public static NumOp standard(double mean, double scale) {
        return new NumOp(Kind.STANDARD, mean, scale);
    }

    public static NumOp minMax(double scale, double min) {
        return new NumOp(Kind.MINMAX, scale, min);
    }

    public double apply(double x) {
        switch (kind) {
            case FILL:
                return Double.isNaN(x) ? a : x;
            case STANDARD:
                return (x - a) / b;
            default:
                return x * a + b;
        }
    }

    public double[] applyAll(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = apply(values[i]);
        }
        return out;
    }
}
