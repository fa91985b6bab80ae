package dev.capstan.ml.preprocess.internal;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The categories a one-hot encoder learned for one column, sorted as scikit-learn sorts them: text by code point
 * (Python's string order), numbers numerically, {@code False} before {@code True}; a missing value, when the
 * training column had one, is a category of its own, last, labelled {@code nan}.
 *
 * <p>Lookups allocate nothing, for single-row serving. Immutable and thread-safe.
 */
public final class Categories {

    private final ValueKind kind;
    private final String[] texts;
    private final double[] numbers;
    private final boolean missing;
    private final Map<String, Integer> textIndex = new HashMap<>();

    private Categories(ValueKind kind, String[] texts, double[] numbers, boolean missing) {
        this.kind = kind;
        this.texts = texts;
        this.numbers = numbers;
        this.missing = missing;
        for (int i = 0; i < texts.length; i++) {
            textIndex.put(texts[i], i);
        }
    }

    /** The categories of a text column (missing values: null or NaN). */
    public static Categories ofText(Object[] values) {
        TreeSet<String> seen = new TreeSet<>(Categories::compareCodePoints);
        boolean missing = false;
        for (Object v : values) {
            if (Values.isMissing(v)) {
                missing = true;
            } else {
                seen.add((String) v);
            }
        }
        return new Categories(ValueKind.TEXT, seen.toArray(String[]::new), new double[0], missing);
    }

    /** The categories of a numeric column (missing: NaN) of kind INTEGER, FLOAT or BOOLEAN. */
    public static Categories ofNumbers(double[] values, ValueKind kind) {
        double[] distinct = Arrays.stream(values).filter(v -> !Double.isNaN(v)).map(v -> v + 0.0)
                .sorted().distinct().toArray();
        boolean missing = Arrays.stream(values).anyMatch(Double::isNaN);
        return new Categories(kind, new String[0], distinct, missing);
    }

    /**
     * Categories read back from a spec; the values must be sorted and distinct.
     *
     * @param values strings for TEXT, numbers for INTEGER and FLOAT, booleans for BOOLEAN
     */
    public static Categories of(ValueKind kind, List<?> values, boolean missing) {
        String[] texts = kind == ValueKind.TEXT ? values.toArray(String[]::new) : new String[0];
        double[] numbers = kind == ValueKind.TEXT ? new double[0]
                : values.stream().mapToDouble(v -> Values.number(v, "category", -1)).toArray();
        Categories c = new Categories(kind, texts, numbers, missing);
        if (!c.strictlySorted()) {
            throw CapstanException.invalid("categories must be sorted and distinct, found %s", values);
        }
        return c;
    }

    public ValueKind kind() {
        return kind;
    }

    public boolean hasMissing() {
        return missing;
    }

    /** The number of categories, the missing one included. */
    public int size() {
        return count() + (missing ? 1 : 0);
    }

    /** The index of the value's category, or -1 when unknown. */
    public int indexOf(Object value) {
        if (Values.isMissing(value)) {
            return missingIndex();
        }
        if (kind == ValueKind.TEXT) {
            Integer i = value instanceof String s ? textIndex.get(s) : null;
            return i == null ? -1 : i;
        }
        return value instanceof Number || value instanceof Boolean ? indexOf(Values.number(value, "", -1)) : -1;
    }

    /** The index of a number's category (NaN: the missing category), or -1 when unknown. */
    public int indexOf(double value) {
        if (Double.isNaN(value)) {
            return missingIndex();
        }
        int i = kind == ValueKind.TEXT ? -1 : Arrays.binarySearch(numbers, value + 0.0);
        return Math.max(i, -1);
    }

    /** The category as scikit-learn writes it in a feature name ({@code str(category)}). */
    public String label(int index) {
        if (index == count()) {
            return "nan";
        }
        switch (kind) {
            case TEXT:
                return texts[index];
            case INTEGER:
                return Long.toString((long) numbers[index]);
            case BOOLEAN:
                return numbers[index] != 0.0 ? "True" : "False";
            default:
                return PyFloat.repr(numbers[index]);
        }
    }

    /** The categories other than the missing one, as JSON values: strings, longs, doubles or booleans. */
    public List<Object> values() {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < count(); i++) {
            out.add(value(i));
        }
        return out;
    }

    /** Compares as Python compares strings: by Unicode code point. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private Object value(int i) {
        switch (kind) {
            case TEXT:
                return texts[i];
            case INTEGER:
                return (long) numbers[i];
            case BOOLEAN:
                return numbers[i] != 0.0;
            default:
                return numbers[i];
        }
    }

    private int count() {
        return kind == ValueKind.TEXT ? texts.length : numbers.length;
    }

    private int missingIndex() {
        return missing ? count() : -1;
    }

    private boolean strictlySorted() {
        for (int i = 1; i < count(); i++) {
            boolean ascending = kind == ValueKind.TEXT
                    ? compareCodePoints(texts[i - 1], texts[i]) < 0
                    : numbers[i - 1] < numbers[i];
            if (!ascending) {
                return false;
            }
        }
        return true;
    }
}
