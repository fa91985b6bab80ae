package dev.capstan.ml.preprocess.internal;

/**
 * A column while steps are fitted: its kind, and its values as numbers (NaN = missing) when the kind is numeric,
 * else as they came (text, or text mixed with other values).
 */
record WorkColumn(String name, ValueKind kind, double[] numbers, Object[] raw) {

    /** A frame column: a {@code double[]} is FLOAT as its values boxed would be, and is not copied. */
    static WorkColumn of(String name, Object column) {
        if (column instanceof double[] numbers) {
            return new WorkColumn(name, ValueKind.FLOAT, numbers, null);
        }
        Object[] values = (Object[]) column;
        ValueKind kind = ValueKind.of(values);
        if (!kind.numeric()) {
            return new WorkColumn(name, kind, null, values);
        }
        double[] numbers = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            numbers[i] = Values.number(values[i], name, i);
        }
        return new WorkColumn(name, kind, numbers, null);
    }

    boolean hasNumbers() {
        return numbers != null;
    }

    WorkColumn withNumbers(double[] values, ValueKind newKind) {
        return new WorkColumn(name, newKind, values, null);
    }

    WorkColumn withRaw(Object[] values) {
        return new WorkColumn(name, kind, null, values);
    }

    /** The row of the first infinite number, or -1. */
    int firstInfinite() {
        for (int i = 0; i < numbers.length; i++) {
            if (Double.isInfinite(numbers[i])) {
                return i;
            }
        }
        return -1;
    }
}
