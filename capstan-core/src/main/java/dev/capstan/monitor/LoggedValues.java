package dev.capstan.monitor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One request's rows as the prediction log queues them until they are written: every numeric value in one
 * {@code double[]}, row after row, and the text values in one {@code String[]}. Taken on the request thread while
 * the request's objects are in the cache, and small, so that the requests queued for a second neither keep their
 * request objects alive nor cost the garbage collector much.
 *
 * @param layout  the columns, shared by the requests of one model version
 * @param numbers the numeric columns' values, row after row; NaN when missing
 * @param texts   the text columns' values, row after row; null when missing
 */
public record LoggedValues(Layout layout, int rows, double[] numbers, String[] texts) {

    /**
     * The logged columns in order: {@code in_<name>} for inputs, {@code out_<name>} for outputs, and whether each
     * holds numbers. Serving keeps one per model version, so that its requests share it.
     */
    public static final class Layout {

        private final List<String> names;
        private final int inputs;
        private final List<String> columns;
        private final boolean[] numeric;
        private final int numericCount;
        private final int hash;

        /**
         * @param names   the input names, then the output names
         * @param inputs  how many of the names are inputs
         * @param numeric whether each column holds numbers
         */
        public Layout(List<String> names, int inputs, boolean[] numeric) {
            if (names.size() != numeric.length) {
                throw new IllegalArgumentException("one numeric flag per column");
            }
            this.names = List.copyOf(names);
            this.inputs = inputs;
            List<String> columns = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                columns.add((c < inputs ? "in_" : "out_") + names.get(c));
            }
            this.columns = List.copyOf(columns);
            this.numeric = numeric.clone();
            int count = 0;
            for (boolean n : numeric) {
                count += n ? 1 : 0;
            }
            this.numericCount = count;
            this.hash = this.columns.hashCode() * 31 + Arrays.hashCode(numeric);
        }

        /** The layout of these input and output columns (arrays with one value per row), typed by their values. */
        public static Layout of(Map<String, Object> inputs, Map<String, Object> outputs) {
            List<String> names = new ArrayList<>(inputs.keySet());
            names.addAll(outputs.keySet());
            boolean[] numeric = new boolean[names.size()];
            int c = 0;
            for (Object values : inputs.values()) {
                numeric[c++] = isNumeric(values);
            }
            for (Object values : outputs.values()) {
                numeric[c++] = isNumeric(values);
            }
            return new Layout(names, inputs.size(), numeric);
        }

        /**
         * Whether the columns are these inputs then these outputs, by name, in order: a comparison of the same
         * string instances when the names come from the model's signature, as for every request of a version.
         */
        public boolean matches(Map<String, Object> inputs, Map<String, Object> outputs) {
            if (inputs.size() != this.inputs || inputs.size() + outputs.size() != names.size()) {
                return false;
            }
            int c = 0;
            for (String name : inputs.keySet()) {
                if (!name.equals(names.get(c++))) {
                    return false;
                }
            }
            for (String name : outputs.keySet()) {
                if (!name.equals(names.get(c++))) {
                    return false;
                }
            }
            return true;
        }

        /** The column names, {@code in_...} then {@code out_...}. */
        public List<String> columns() {
            return columns;
        }

        public boolean numeric(int column) {
            return numeric[column];
        }

        public int numericCount() {
            return numericCount;
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Layout l && hash == l.hash && columns.equals(l.columns)
                    && Arrays.equals(numeric, l.numeric);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        private static boolean isNumeric(Object column) {
            if (column == null) {
                return false;
            }
            Class<?> type = column.getClass().getComponentType();
            if (type.isPrimitive()) {
                return type != boolean.class && type != char.class;
            }
            for (int i = 0; i < Array.getLength(column); i++) {
                Object v = Array.get(column, i);
                if (v != null) {
                    return v instanceof Number;
                }
            }
            return false;
        }
    }

    /**
     * A request's values in {@code layout}'s order: inputs then outputs (arrays with one value per row, as
     * {@link Layout#of} took them). A numeric column's value that is not a number is logged as missing.
     */
    public static LoggedValues of(Layout layout, int rows, Map<String, Object> inputs, Map<String, Object> outputs) {
        Object[] arrays = new Object[layout.columns().size()];
        int c = 0;
        for (Object values : inputs.values()) {
            arrays[c++] = values;
        }
        for (Object values : outputs.values()) {
            arrays[c++] = values;
        }
        int numericColumns = layout.numericCount();
        double[] numbers = new double[rows * numericColumns];
        String[] texts = new String[rows * (arrays.length - numericColumns)];
        int n = 0;
        int t = 0;
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < arrays.length; k++) {
                if (layout.numeric(k)) {
                    numbers[n++] = number(arrays[k], r);
                } else {
                    Object v = value(arrays[k], r);
                    texts[t++] = v == null || v instanceof Double d && d.isNaN() ? null : String.valueOf(v);
                }
            }
        }
        return new LoggedValues(layout, rows, numbers, texts);
    }

    private static double number(Object column, int row) {
        if (column instanceof double[] d) {
            return row < d.length ? d[row] : Double.NaN;
        }
        if (column instanceof float[] f) {
            return row < f.length ? f[row] : Double.NaN;
        }
        if (column instanceof long[] l) {
            return row < l.length ? l[row] : Double.NaN;
        }
        if (column instanceof int[] i) {
            return row < i.length ? i[row] : Double.NaN;
        }
        return value(column, row) instanceof Number v ? v.doubleValue() : Double.NaN;
    }

    private static Object value(Object column, int row) {
        return column == null || row >= Array.getLength(column) ? null : Array.get(column, row);
    }
}
