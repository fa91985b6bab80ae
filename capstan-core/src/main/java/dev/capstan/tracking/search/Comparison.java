package dev.capstan.tracking.search;

import java.util.List;

/**
 * One clause of a search filter: {@code type.key comparator value}. The value is a {@link String}, a
 * {@link Double} or, for {@code IN} / {@code NOT IN}, a {@code List<String>}.
 */
public record Comparison(EntityType type, String key, String comparator, Object value) {

    public String stringValue() {
        return (String) value;
    }

    public double numberValue() {
        return (Double) value;
    }

    @SuppressWarnings("unchecked")
    public List<String> listValue() {
        return (List<String>) value;
    }

    public boolean isListComparator() {
        return comparator.equals("IN") || comparator.equals("NOT IN");
    }
}
