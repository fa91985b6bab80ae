package dev.capstan.validate.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.capstan.validate.CheckSpec;
import dev.capstan.validate.CheckType;
import dev.capstan.validate.ColumnSpec;
import dev.capstan.validate.ColumnType;

import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The evaluators of a column's checks, built from their arguments: what each check computes per value, or over
 * the column. An unusable argument is an {@link IllegalArgumentException}, which {@link CheckFactory} reports with
 * the suite's line.
 */
final class ColumnChecks {

    private static final JsonFactory JSON = new JsonFactory();

    private ColumnChecks() {
    }

    static Evaluator create(CheckSpec spec, ColumnSpec column, int index, boolean typed) {
        String name = column.name();
        ColumnType type = column.type();
        return switch (spec.type()) {
            case NOT_NULL -> new NullCheck(spec, name, index, false);
            case NULL -> new NullCheck(spec, name, index, true);
            case TYPE -> typeCheck(spec, column, index, typed);
            case BETWEEN -> {
                Range range = Range.of(spec, type);
                yield new ValueCheck(spec, name, index, (v, r) -> range.contains(v.number(r)));
            }
            case IN_SET -> {
                LongSet set = hashes(spec.argument(), type);
                yield new ValueCheck(spec, name, index, (v, r) -> set.contains(v.hash(r)));
            }
            case NOT_IN_SET -> {
                LongSet set = hashes(spec.argument(), type);
                yield new ValueCheck(spec, name, index, (v, r) -> !set.contains(v.hash(r)));
            }
            case REGEX -> {
                Matcher matcher = pattern(spec.argument()).matcher("");
                yield new ValueCheck(spec, name, index, (v, r) -> matcher.reset(v.text(r)).find());
            }
            case NOT_REGEX -> {
                Matcher matcher = pattern(spec.argument()).matcher("");
                yield new ValueCheck(spec, name, index, (v, r) -> !matcher.reset(v.text(r)).find());
            }
            case LENGTH_BETWEEN -> {
                Range range = Range.ofNumbers(spec);
                yield new ValueCheck(spec, name, index, (v, r) -> {
                    String text = v.text(r);
                    return range.contains(text.codePointCount(0, text.length()));
                });
            }
            case DATETIME_FORMAT -> dateTimeFormat(spec, name, index);
            case DATETIME_PARSEABLE -> new ValueCheck(spec, name, index, (v, r) -> DateTexts.parseable(v.text(r)));
            case JSON_PARSEABLE -> new ValueCheck(spec, name, index, (v, r) -> json(v.text(r)));
            case INCREASING, DECREASING -> order(spec, name, index);
            case MEAN_BETWEEN, MIN_BETWEEN, MAX_BETWEEN, SUM_BETWEEN, STDEV_BETWEEN ->
                    new Moments(spec, name, index, rangeOf(spec, type));
            case MEDIAN_BETWEEN -> new QuantileCheck(spec, name, index, new double[]{0.5},
                    List.of(Range.of(spec, type)));
            case QUANTILES_BETWEEN -> quantiles(spec, name, index, type);
            case DISTINCT_IN_SET, DISTINCT_EQUAL_SET, DISTINCT_CONTAIN_SET, MOST_COMMON_IN_SET ->
                    new DistinctCheck(spec, name, index, hashes(spec.argument(), type));
            case UNIQUE_COUNT_BETWEEN, UNIQUE_PROPORTION_BETWEEN, CLASS_BALANCE ->
                    new DistinctCheck(spec, name, index, new LongSet(List.of()));
            case UNIQUE -> new UniqueCheck(spec, name, new int[]{index});
            case Z_SCORE_BELOW -> new ZScoreCheck(spec, name, index, number(spec.arg("threshold")),
                    !Boolean.FALSE.equals(spec.arg("double_sided")));
            default -> throw new IllegalStateException(spec.type().word());
        };
    }

    /** Whether a check reads values as numbers (the type check too, for the types whose text is parsed). */
    static boolean readsNumbers(CheckType check, ColumnType type) {
        return switch (check) {
            case BETWEEN, INCREASING, DECREASING, MEAN_BETWEEN, MEDIAN_BETWEEN, MIN_BETWEEN, MAX_BETWEEN,
                 STDEV_BETWEEN, SUM_BETWEEN, QUANTILES_BETWEEN, Z_SCORE_BELOW -> true;
            case TYPE -> type == ColumnType.FLOAT;
            default -> false;
        };
    }

    /** Whether a check compares or counts values by their hashes. */
    static boolean readsHashes(CheckType check) {
        return switch (check) {
            case IN_SET, NOT_IN_SET, DISTINCT_IN_SET, DISTINCT_EQUAL_SET, DISTINCT_CONTAIN_SET, UNIQUE,
                 UNIQUE_COUNT_BETWEEN, UNIQUE_PROPORTION_BETWEEN, MOST_COMMON_IN_SET, CLASS_BALANCE -> true;
            default -> false;
        };
    }

    /** ISO dates, the common case, are read without a formatter; other formats with one. */
    private static Evaluator dateTimeFormat(CheckSpec spec, String name, int index) {
        String format = String.valueOf(spec.argument());
        if (format.equals("%Y-%m-%d")) {
            return new ValueCheck(spec, name, index, (v, r) -> !Double.isNaN(Values.isoDate(v.text(r))));
        }
        DateTimeFormatter formatter = Strftime.formatter(format);
        return new ValueCheck(spec, name, index, (v, r) -> parses(formatter, v.text(r)));
    }

    /** Statistics of dates are dates; the standard deviation and the sum of anything are plain numbers. */
    private static Range rangeOf(CheckSpec spec, ColumnType type) {
        boolean plain = spec.type() == CheckType.STDEV_BETWEEN || spec.type() == CheckType.SUM_BETWEEN;
        return plain ? Range.ofNumbers(spec) : Range.of(spec, type);
    }

    private static Evaluator typeCheck(CheckSpec spec, ColumnSpec column, int index, boolean typed) {
        ColumnType wanted = ColumnType.named(String.valueOf(spec.argument())).orElseThrow(
                () -> new IllegalArgumentException("unknown type '" + spec.argument() + "'"));
        boolean coerce = column.coerce() || !typed;
        if (wanted == ColumnType.FLOAT && column.type() == ColumnType.FLOAT) {   // its numbers are parsed already
            return new ValueCheck(spec, column.name(), index, (v, r) -> v.value(r) instanceof String
                    ? coerce && !Double.isNaN(v.number(r)) : Values.conforms(v.value(r), wanted, false));
        }
        return new ValueCheck(spec, column.name(), index, (v, r) -> Values.conforms(v.value(r), wanted, coerce));
    }

    private static Evaluator order(CheckSpec spec, String name, int index) {
        boolean strict = Boolean.TRUE.equals(spec.arg("strict"));
        boolean increasing = spec.type() == CheckType.INCREASING;
        double[] previous = {Double.NaN};
        return new ValueCheck(spec, name, index, (v, r) -> {
            double x = v.number(r);
            double before = previous[0];
            previous[0] = Double.isNaN(x) ? before : x;
            if (Double.isNaN(x) || Double.isNaN(before)) {
                return !Double.isNaN(x);
            }
            double step = increasing ? x - before : before - x;
            return strict ? step > 0 : step >= 0;
        });
    }

    private static Evaluator quantiles(CheckSpec spec, String name, int index, ColumnType type) {
        List<?> qs = (List<?>) spec.arg("quantiles");
        List<?> bounds = (List<?>) spec.arg("ranges");
        if (qs.size() != bounds.size()) {
            throw new IllegalArgumentException(qs.size() + " quantiles but " + bounds.size() + " ranges");
        }
        double[] quantiles = new double[qs.size()];
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < quantiles.length; i++) {
            quantiles[i] = number(qs.get(i));
            if (quantiles[i] < 0 || quantiles[i] > 1) {
                throw new IllegalArgumentException("quantile " + qs.get(i) + " is not in [0, 1]");
            }
            if (!(bounds.get(i) instanceof List<?> pair) || pair.size() != 2) {
                throw new IllegalArgumentException("each range is a pair [min, max] (null for an open end), found "
                        + bounds.get(i));
            }
            Map<String, Object> range = new HashMap<>();
            range.put("min", pair.get(0));
            range.put("max", pair.get(1));
            ranges.add(Range.of(new CheckSpec(spec.type(), range, 1, spec.severity(), spec.line()), type));
        }
        return new QuantileCheck(spec, name, index, quantiles, ranges);
    }

    /** The hashes of a list argument's values, read as the column's values are. */
    static LongSet hashes(Object list, ColumnType type) {
        Set<Long> hashes = new HashSet<>();
        ((List<?>) list).forEach(v -> hashes.add(Values.hash(v, type)));
        return new LongSet(hashes);
    }

    private static Pattern pattern(Object regex) {
        try {
            return Pattern.compile(String.valueOf(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression: " + e.getDescription() + " near index "
                    + e.getIndex());
        }
    }

    static double number(Object value) {
        if (!(value instanceof Number n)) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
        return n.doubleValue();
    }

    private static boolean parses(DateTimeFormatter format, String text) {
        try {
            format.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean json(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
