package dev.capstan.validate.internal;

import dev.capstan.validate.ColumnType;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/** How checks read a value: as a number, as a typed value, and as a key that equal values share. */
final class Values {

    /** ISO date-times with a {@code T} or a space, optional seconds and fraction, an optional offset or {@code Z}. */
    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':').appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .toFormatter();

    private Values() {
    }

    /** A value as a number for a column of {@code type} (null for any): NaN when missing or not readable so. */
    static double number(Object value, ColumnType type) {
        if (value == null) {
            return Double.NaN;
        }
        if (type == ColumnType.DATE) {
            return time(value);
        }
        if (type == ColumnType.DATETIME) {
            boolean dateOnly = value instanceof LocalDate || value instanceof String s && s.trim().length() == 10;
            return dateOnly ? time(value) * 86_400 : time(value);   // a date is its midnight
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        return value instanceof String s ? parseDouble(s) : Double.NaN;
    }

    /** A decimal number, or NaN ({@link Decimals#parse}). */
    static double parseDouble(String text) {
        return Decimals.parse(text);
    }

    /** The epoch day of an ISO {@code yyyy-MM-dd} text, read without a formatter; NaN if it is not a valid date. */
    static double isoDate(String text) {
        if (text.length() != 10 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return Double.NaN;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
            return Double.NaN;
        }
        return epochDay(year, month, day);
    }

    private static int daysInMonth(int year, int month) {
        if (month == 2) {
            boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            return leap ? 29 : 28;
        }
        return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    }

    /** Days since 1970-01-01 of a valid proleptic Gregorian date (the civil-from-days inverse). */
    private static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A date as its epoch day, a date-time as epoch seconds (UTC when it has no offset); NaN otherwise. */
    static double time(Object value) {
        if (value instanceof LocalDate d) {
            return d.toEpochDay();
        }
        if (value instanceof LocalDateTime t) {
            return seconds(t.atOffset(ZoneOffset.UTC));
        }
        if (value instanceof OffsetDateTime t) {
            return seconds(t);
        }
        if (!(value instanceof String s)) {
            return Double.NaN;
        }
        double day = isoDate(s);
        if (!Double.isNaN(day)) {
            return day;
        }
        Object parsed = parseTime(s);
        return parsed == null ? Double.NaN : time(parsed);
    }

    /** ISO text as a {@code LocalDate}, {@code LocalDateTime} or {@code OffsetDateTime}; null if it is none. */
    static Object parseTime(String text) {
        String s = text.trim();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s);
            }
            var parsed = DATE_TIME.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            return parsed;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static double seconds(OffsetDateTime t) {
        return t.toEpochSecond() + t.getNano() / 1e9;
    }

    /** Whether a value is of {@code type}: CSV's text (or any text when {@code coerce}) must read as it. */
    static boolean conforms(Object value, ColumnType type, boolean coerce) {
        if (value instanceof String s && (coerce || type == ColumnType.STRING)) {
            return readsAs(s, type);
        }
        if (coerce && type == ColumnType.STRING) {
            return true;   // any value has a text
        }
        return switch (type) {
            case STRING -> value instanceof String;
            case INTEGER -> value instanceof Long || value instanceof Integer || value instanceof Short
                    || value instanceof Byte;
            case FLOAT -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case DATE -> value instanceof LocalDate;
            case DATETIME -> value instanceof LocalDateTime || value instanceof OffsetDateTime;
        };
    }

    /** Whether text reads as a value of {@code type}. */
    static boolean readsAs(String text, ColumnType type) {
        return switch (type) {
            case STRING -> true;
            case INTEGER -> isLong(text);
            case FLOAT -> !Double.isNaN(parseDouble(text));
            case BOOLEAN -> isBoolean(text);
            case DATE -> !Double.isNaN(isoDate(text));
            case DATETIME -> parseTime(text) != null;
        };
    }

    /** {@code true} or {@code false}, in any case. */
    private static boolean isBoolean(String text) {
        int n = text.length();
        return n == 4 && text.equalsIgnoreCase("true") || n == 5 && text.equalsIgnoreCase("false");
    }

    private static boolean isLong(String text) {
        int n = text.length();
        int start = n > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+') ? 1 : 0;
        if (n == start || n - start > 19) {
            return false;
        }
        for (int i = start; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return n - start < 19 || parsesAsLong(text);
    }

    private static boolean parsesAsLong(String text) {
        try {
            Long.parseLong(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The key equal values share, for sets and counts: text for string columns; otherwise a number when the value
     * reads as one (so CSV's {@code "3"}, {@code "3.0"} and YAML's {@code 3} are equal), else its text.
     */
    static Object key(Object value, ColumnType type) {
        if (value == null) {
            return null;
        }
        if (type == ColumnType.STRING) {
            return value.toString();
        }
        if (value instanceof Boolean b) {
            return b;
        }
        double number = number(value, type);
        if (!Double.isNaN(number)) {
            return number == 0 ? 0.0 : number;   // -0.0 and 0.0 are one value
        }
        String text = value.toString();
        return isBoolean(text) ? Boolean.valueOf(text.toLowerCase(java.util.Locale.ROOT)) : text;
    }

    /**
     * A 64-bit hash of a value's {@link #key}, computed without making the key: FNV-1a over the text, or the bits of
     * the number, then mixed. Missing values hash to 0.
     */
    static long hash(Object value, ColumnType type) {
        if (value == null) {
            return 0;
        }
        if (type == ColumnType.STRING) {
            return textHash(value.toString(), 0);
        }
        if (value instanceof Boolean b) {
            return textHash(b.toString(), 1);
        }
        double number = number(value, type);
        if (!Double.isNaN(number)) {
            return mix(Double.doubleToLongBits(number == 0 ? 0.0 : number));
        }
        String text = value.toString();
        return isBoolean(text) ? textHash(text.toLowerCase(java.util.Locale.ROOT), 1) : textHash(text, 0);
    }

    private static long textHash(String text, int salt) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return mix(h ^ salt);
    }

    /** Where the hash of several values (a row's, for {@code unique_together}) starts. */
    static final long LIST_SEED = 0x9E3779B97F4A7C15L;

    /** The hash of several values so far, with one more value's hash. */
    static long combine(long hash, long itemHash) {
        return mix(hash * 31 + itemHash);
    }

    /** SplitMix64's finalizer: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A number as a report shows it: integral values as longs. */
    static Object plain(double number) {
        if (Double.isNaN(number) || Double.isInfinite(number)) {
            return number;
        }
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? (Object) (long) number : (Object) number;
    }
}
