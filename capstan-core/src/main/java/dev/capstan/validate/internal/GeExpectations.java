package dev.capstan.validate.internal;

import dev.capstan.validate.CheckType;
import dev.capstan.validate.ColumnType;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import static dev.capstan.validate.internal.GeKwargs.unsupported;

/**
 * The Capstan check for each Great Expectations expectation that has one ({@link CheckType#greatExpectations()},
 * plus {@code expect_column_values_to_be_in_type_list} and {@code expect_column_value_lengths_to_equal}), and its
 * argument built from the expectation's kwargs in the shape that {@link SuiteReader} accepts. Options at GE's
 * default are left out ({@code strict_min: false}, {@code exact_match: true}), except {@code double_sided}, which
 * is always written.
 */
public final class GeExpectations {

    /** A check and how to build its argument from kwargs ({@code column} aside, which the importer reads). */
    public record Conversion(CheckType type, Function<GeKwargs, Object> argument) {
    }

    private static final Map<String, Conversion> BY_NAME = byName();

    private GeExpectations() {
    }

    /**
     * The conversion of an expectation type; empty when Capstan has no check for it. Case does not matter: GE's
     * legacy API spells one {@code expect_column_pair_values_A_to_be_greater_than_B}.
     */
    public static Optional<Conversion> named(String expectationType) {
        return Optional.ofNullable(BY_NAME.get(expectationType.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, Conversion> byName() {
        Map<String, Conversion> map = new HashMap<>();
        Arrays.stream(CheckType.values()).filter(t -> !t.greatExpectations().isEmpty())
                .forEach(t -> map.put(t.greatExpectations(), new Conversion(t, k -> argument(t, k))));
        map.put("expect_column_values_to_be_in_type_list", new Conversion(CheckType.TYPE, GeExpectations::typeList));
        map.put("expect_column_value_lengths_to_equal", new Conversion(CheckType.LENGTH_BETWEEN,
                GeExpectations::lengthEqual));
        return Map.copyOf(map);
    }

    private static Object argument(CheckType type, GeKwargs k) {
        return switch (type.arg()) {
            case NONE -> null;
            case TEXT -> text(type, k);
            case NUMBER -> k.number("value");
            case LIST -> k.list(type == CheckType.COLUMNS_MATCH_LIST || type == CheckType.UNIQUE_TOGETHER
                    ? "column_list" : "value_set");
            case RANGE -> range(k);
            case MAP, OPTIONS -> mapping(type, k);
        };
    }

    private static Object text(CheckType type, GeKwargs k) {
        return switch (type) {
            case TYPE -> typeName(k.text("type_"));
            case REGEX, NOT_REGEX -> regex(k.text("regex"));
            case DATETIME_FORMAT -> k.text("strftime_format");
            case COLUMN_EXISTS -> columnExists(k);
            default -> throw new IllegalStateException("no text argument for " + type);
        };
    }

    private static Object mapping(CheckType type, GeKwargs k) {
        return switch (type) {
            case QUANTILES_BETWEEN -> quantiles(k);
            case INCREASING, DECREASING -> k.flag("strictly", false) ? Map.of("strict", true) : null;
            case Z_SCORE_BELOW -> map("threshold", k.number("threshold"),
                    "double_sided", k.flag("double_sided", true));
            case COLUMNS_MATCH_SET -> map("columns", k.list("column_set"),
                    "exact", k.flag("exact_match", true) ? null : false);
            case PAIR_GREATER -> map("a", k.text("column_A"), "b", k.text("column_B"),
                    "or_equal", k.flag("or_equal", false) ? true : null);
            case PAIR_EQUAL -> map("a", k.text("column_A"), "b", k.text("column_B"));
            case SUM_EQUAL -> map("columns", k.list("column_list"), "total", k.number("sum_total"));
            default -> throw new IllegalStateException("no mapping argument for " + type);
        };
    }

    /** {@code min_value}, {@code max_value}, {@code strict_min}, {@code strict_max}; strictness only when set. */
    private static Object range(GeKwargs k) {
        Object min = k.bound("min_value");
        Object max = k.bound("max_value");
        if (min == null && max == null) {
            throw unsupported("missing kwarg 'min_value' or 'max_value'");
        }
        return map("min", min, "max", max, "strict_min", k.flag("strict_min", false) ? true : null,
                "strict_max", k.flag("strict_max", false) ? true : null);
    }

    private static Object lengthEqual(GeKwargs k) {
        Number length = k.number("value");
        return map("min", length, "max", length);
    }

    private static Object quantiles(GeKwargs k) {
        Object ranges = k.required("quantile_ranges");
        if (!(ranges instanceof Map<?, ?> map) || !(map.get("quantiles") instanceof List<?> quantiles)
                || !(map.get("value_ranges") instanceof List<?> valueRanges)) {
            throw unsupported("kwarg 'quantile_ranges' must have the lists 'quantiles' and 'value_ranges'");
        }
        boolean pairs = valueRanges.stream().allMatch(r -> r instanceof List<?> l && l.size() == 2);
        if (quantiles.size() != valueRanges.size() || !pairs) {
            throw unsupported("kwarg 'quantile_ranges' needs one [low, high] in 'value_ranges' per quantile");
        }
        return map("quantiles", quantiles, "ranges", valueRanges);
    }

    private static Object columnExists(GeKwargs k) {
        String column = k.text("column");
        if (k.optional("column_index") != null) {
            throw unsupported("kwarg 'column_index' is not supported");
        }
        return column;
    }

    private static String typeName(String name) {
        return ColumnType.named(name).map(ColumnType::word)
                .orElseThrow(() -> unsupported("type '%s' has no Capstan type", name));
    }

    /**
     * A type list converts to the one Capstan type its known names stand for ({@code [int, int64]}); names of
     * other backends are passed over ({@code BYTEINT} beside {@code INTEGER}), and integer and decimal names
     * together ({@code [INTEGER, DECIMAL]}, as GE's profiler writes for a numeric column) are {@code float}.
     */
    private static Object typeList(GeKwargs k) {
        List<?> names = k.list("type_list");
        Set<ColumnType> types = names.stream().map(n -> ColumnType.named(String.valueOf(n)))
                .flatMap(Optional::stream).collect(Collectors.toCollection(() -> EnumSet.noneOf(ColumnType.class)));
        if (types.equals(EnumSet.of(ColumnType.INTEGER, ColumnType.FLOAT))) {
            return ColumnType.FLOAT.word();
        }
        if (types.size() != 1) {
            throw unsupported("type_list %s is not one Capstan type (%s)", names, types.isEmpty() ? "none known"
                    : types.stream().map(ColumnType::word).collect(Collectors.joining(", ")));
        }
        return types.iterator().next().word();
    }

    private static String regex(String regex) {
        try {
            Pattern.compile(regex);
            return regex;
        } catch (PatternSyntaxException e) {
            throw unsupported("regex '%s' is not a Java regular expression: %s", regex, e.getDescription());
        }
    }

    /** A mapping of the given keys and values, leaving out null values. */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }
}
