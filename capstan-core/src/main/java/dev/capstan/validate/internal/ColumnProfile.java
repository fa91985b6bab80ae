package dev.capstan.validate.internal;

import dev.capstan.validate.ColumnBatch;
import dev.capstan.validate.ColumnType;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What one pass over a column learns, in memory bounded per column: the types every value reads as, counts,
 * extremes, mean and variance (Welford), string lengths, a sample of at most {@value #SAMPLE} numbers for quantiles,
 * and the distinct values while they may still show uniqueness or a small value set (at most {@value #DISTINCT}).
 * Not thread-safe.
 */
public final class ColumnProfile {

    /** The most distinct values kept to decide uniqueness. */
    public static final int DISTINCT = 1_000_000;
    /** The most values in a column's value set. */
    public static final int VALUE_SET = 20;
    /** The most numbers sampled for quantiles. */
    public static final int SAMPLE = 100_000;

    private final String name;
    private long missing;
    private long present;
    private boolean allLong = true;
    private boolean allDouble = true;
    private boolean allBoolean = true;
    private boolean allDate = true;
    private boolean allDateTime = true;
    private boolean allText = true;
    private long longMin = Long.MAX_VALUE;
    private long longMax = Long.MIN_VALUE;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double squares;
    private LocalDate minDate;
    private LocalDate maxDate;
    private LocalDateTime minDateTime;
    private LocalDateTime maxDateTime;
    private int minLength = Integer.MAX_VALUE;
    private int maxLength;
    private Reservoir sample;
    private Set<Object> distinct = new HashSet<>();
    private boolean repeats;

    public ColumnProfile(String name, long seed) {
        this.name = name;
        this.sample = new Reservoir(SAMPLE, seed);
    }

    public String name() {
        return name;
    }

    /** Adds the first {@code rows} values of a batch. */
    public void addAll(ColumnBatch batch, int rows) {
        for (int row = 0; row < rows; row++) {
            add(batch.value(row));
        }
    }

    public void add(Object value) {
        if (value == null) {
            missing++;
            return;
        }
        present++;
        allText &= value instanceof String;
        readLong(value);
        readDouble(value);
        allBoolean = allBoolean && Readings.asBoolean(value) != null;
        readDate(value);
        readDateTime(value);
        if (allText) {
            int length = ((String) value).codePointCount(0, ((String) value).length());
            minLength = Math.min(minLength, length);
            maxLength = Math.max(maxLength, length);
        }
        remember(value);
    }

    private void readLong(Object value) {
        Long l = allLong ? Readings.asLong(value) : null;
        allLong = l != null;
        if (allLong) {
            longMin = Math.min(longMin, l);
            longMax = Math.max(longMax, l);
        }
    }

    private void readDouble(Object value) {
        Double d = allDouble ? Readings.asDouble(value) : null;
        allDouble = d != null;
        if (!allDouble) {
            sample = null;
            return;
        }
        min = Math.min(min, d);
        max = Math.max(max, d);
        double delta = d - mean;
        mean += delta / present;
        squares += delta * (d - mean);
        sample.add(d);
    }

    private void readDate(Object value) {
        LocalDate d = allDate ? Readings.asDate(value) : null;
        allDate = d != null;
        if (allDate) {
            minDate = minDate == null || d.isBefore(minDate) ? d : minDate;
            maxDate = maxDate == null || d.isAfter(maxDate) ? d : maxDate;
        }
    }

    private void readDateTime(Object value) {
        LocalDateTime t = allDateTime ? Readings.asDateTime(value) : null;
        allDateTime = t != null;
        if (allDateTime) {
            minDateTime = minDateTime == null || t.isBefore(minDateTime) ? t : minDateTime;
            maxDateTime = maxDateTime == null || t.isAfter(maxDateTime) ? t : maxDateTime;
        }
    }

    /**
     * Keeps distinct values while they may still show a unique integer or string column or a value set; forgets
     * them once they cannot.
     */
    private void remember(Object value) {
        if (distinct == null) {
            return;
        }
        repeats |= !distinct.add(value);
        boolean mayBeUnique = !repeats && (allLong || allText);
        if (distinct.size() > DISTINCT || !mayBeUnique && distinct.size() > VALUE_SET) {
            distinct = null;
        }
    }

    /**
     * The type every value reads as, the narrowest first (integer, float, boolean, date, datetime, string); null
     * when no value is present, or when a typed source mixes Java types that no one type holds.
     */
    public ColumnType type() {
        if (present == 0) {
            return null;
        }
        if (allLong) {
            return ColumnType.INTEGER;
        }
        if (allDouble) {
            return ColumnType.FLOAT;
        }
        if (allBoolean) {
            return ColumnType.BOOLEAN;
        }
        if (allDate) {
            return ColumnType.DATE;
        }
        if (allDateTime) {
            return ColumnType.DATETIME;
        }
        return allText ? ColumnType.STRING : null;
    }

    public long missing() {
        return missing;
    }

    public long present() {
        return present;
    }

    /** The distinct values read as the column's type and sorted; null when more were seen than were kept. */
    public List<Object> distinctValues() {
        ColumnType type = type();
        if (distinct == null || type == null) {
            return null;
        }
        return distinct.stream().map(reader(type)).distinct().sorted(ColumnProfile::compare)
                .map(ColumnProfile::plain).toList();
    }

    /** Whether no value repeats (as read as the column's type); false when more were seen than were kept. */
    public boolean allDistinct() {
        ColumnType type = type();
        return distinct != null && type != null && !repeats
                && distinct.stream().map(reader(type)).distinct().count() == present;
    }

    @SuppressWarnings("unchecked")
    private static int compare(Object a, Object b) {
        return ((Comparable<Object>) a).compareTo(b);
    }

    private static Function<Object, Object> reader(ColumnType type) {
        return switch (type) {
            case INTEGER -> Readings::asLong;
            case FLOAT -> Readings::asDouble;
            case BOOLEAN -> Readings::asBoolean;
            case DATE -> Readings::asDate;
            case DATETIME -> Readings::asDateTime;
            case STRING -> Objects::requireNonNull;
        };
    }

    /**
     * A value as a suite writes it, and reads it back: whole numbers as Integer where they fit, dates and
     * date-times as ISO text ({@code 2024-03-01T08:00:00}).
     */
    public static Object plain(Object value) {
        if (value instanceof Long l && l == l.intValue()) {
            return l.intValue();
        }
        if (value instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        return value instanceof LocalDate ? value.toString() : value;
    }

    public long longMin() {
        return longMin;
    }

    public long longMax() {
        return longMax;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public double mean() {
        return mean;
    }

    /** The sample standard deviation (n - 1 in the denominator, as pandas and Great Expectations compute it). */
    public double stdev() {
        return present < 2 ? 0 : Math.sqrt(squares / (present - 1));
    }

    /** The sample of the numbers; null unless every value is a number. */
    public Reservoir sample() {
        return sample;
    }

    /** The earliest date or date-time as ISO text. */
    public Object minTime() {
        return plain(allDate ? minDate : minDateTime);
    }

    /** The latest date or date-time as ISO text. */
    public Object maxTime() {
        return plain(allDate ? maxDate : maxDateTime);
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }
}
