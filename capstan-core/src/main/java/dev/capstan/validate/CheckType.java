package dev.capstan.validate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every check a suite can name, with the shape of its argument and the names Great Expectations and pandera give
 * the same check (used by the importer and the documentation).
 */
public enum CheckType {
    NOT_NULL(Scope.COLUMN, Arg.NONE, "expect_column_values_to_not_be_null", "nullable=False"),
    NULL(Scope.COLUMN, Arg.NONE, "expect_column_values_to_be_null", ""),
    TYPE(Scope.COLUMN, Arg.TEXT, "expect_column_values_to_be_of_type", "dtype"),
    BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_values_to_be_between", "Check.in_range"),
    IN_SET(Scope.COLUMN, Arg.LIST, "expect_column_values_to_be_in_set", "Check.isin"),
    NOT_IN_SET(Scope.COLUMN, Arg.LIST, "expect_column_values_to_not_be_in_set", "Check.notin"),
    DISTINCT_IN_SET(Scope.COLUMN, Arg.LIST, "expect_column_distinct_values_to_be_in_set", ""),
    DISTINCT_EQUAL_SET(Scope.COLUMN, Arg.LIST, "expect_column_distinct_values_to_equal_set", "Check.unique_values_eq"),
    DISTINCT_CONTAIN_SET(Scope.COLUMN, Arg.LIST, "expect_column_distinct_values_to_contain_set", ""),
    UNIQUE(Scope.COLUMN, Arg.NONE, "expect_column_values_to_be_unique", "unique=True"),
    REGEX(Scope.COLUMN, Arg.TEXT, "expect_column_values_to_match_regex", "Check.str_contains"),
    NOT_REGEX(Scope.COLUMN, Arg.TEXT, "expect_column_values_to_not_match_regex", ""),
    LENGTH_BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_value_lengths_to_be_between", "Check.str_length"),
    DATETIME_FORMAT(Scope.COLUMN, Arg.TEXT, "expect_column_values_to_match_strftime_format", ""),
    DATETIME_PARSEABLE(Scope.COLUMN, Arg.NONE, "expect_column_values_to_be_dateutil_parseable", ""),
    JSON_PARSEABLE(Scope.COLUMN, Arg.NONE, "expect_column_values_to_be_json_parseable", ""),
    MEAN_BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_mean_to_be_between", ""),
    MEDIAN_BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_median_to_be_between", ""),
    MIN_BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_min_to_be_between", ""),
    MAX_BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_max_to_be_between", ""),
    STDEV_BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_stdev_to_be_between", ""),
    SUM_BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_sum_to_be_between", ""),
    QUANTILES_BETWEEN(Scope.COLUMN, Arg.MAP, "expect_column_quantile_values_to_be_between", "",
            List.of("quantiles", "ranges"), List.of("quantiles", "ranges")),
    UNIQUE_COUNT_BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_unique_value_count_to_be_between", ""),
    UNIQUE_PROPORTION_BETWEEN(Scope.COLUMN, Arg.RANGE, "expect_column_proportion_of_unique_values_to_be_between", ""),
    MOST_COMMON_IN_SET(Scope.COLUMN, Arg.LIST, "expect_column_most_common_value_to_be_in_set", ""),
    INCREASING(Scope.COLUMN, Arg.OPTIONS, "expect_column_values_to_be_increasing", "",
            List.of("strict"), List.of()),
    DECREASING(Scope.COLUMN, Arg.OPTIONS, "expect_column_values_to_be_decreasing", "",
            List.of("strict"), List.of()),
    Z_SCORE_BELOW(Scope.COLUMN, Arg.MAP, "expect_column_value_z_scores_to_be_less_than", "",
            List.of("threshold", "double_sided"), List.of("threshold")),
    CLASS_BALANCE(Scope.COLUMN, Arg.MAP, "", "", List.of("min_share"), List.of("min_share")),

    ROW_COUNT_BETWEEN(Scope.TABLE, Arg.RANGE, "expect_table_row_count_to_be_between", ""),
    ROW_COUNT_EQUAL(Scope.TABLE, Arg.NUMBER, "expect_table_row_count_to_equal", ""),
    COLUMNS_MATCH_SET(Scope.TABLE, Arg.MAP, "expect_table_columns_to_match_set", "strict=True",
            List.of("columns", "exact"), List.of("columns")),
    COLUMNS_MATCH_LIST(Scope.TABLE, Arg.LIST, "expect_table_columns_to_match_ordered_list", "ordered=True"),
    COLUMN_COUNT_BETWEEN(Scope.TABLE, Arg.RANGE, "expect_table_column_count_to_be_between", ""),
    COLUMN_COUNT_EQUAL(Scope.TABLE, Arg.NUMBER, "expect_table_column_count_to_equal", ""),
    COLUMN_EXISTS(Scope.TABLE, Arg.TEXT, "expect_column_to_exist", "required=True"),
    PAIR_GREATER(Scope.TABLE, Arg.MAP, "expect_column_pair_values_a_to_be_greater_than_b", "",
            List.of("a", "b", "or_equal"), List.of("a", "b")),
    PAIR_EQUAL(Scope.TABLE, Arg.MAP, "expect_column_pair_values_to_be_equal", "",
            List.of("a", "b"), List.of("a", "b")),
    SUM_EQUAL(Scope.TABLE, Arg.MAP, "expect_multicolumn_sum_to_equal", "",
            List.of("columns", "total"), List.of("columns", "total")),
    UNIQUE_TOGETHER(Scope.TABLE, Arg.LIST, "expect_compound_columns_to_be_unique", "unique=[...]"),
    NO_LEAKAGE(Scope.TABLE, Arg.MAP, "", "", List.of("key"), List.of("key"));

    /** Whether a check belongs under a column or in the suite's table-level {@code checks}. */
    public enum Scope { COLUMN, TABLE }

    /**
     * The argument a check takes: none ({@code - unique}), a text, a number, a list, a range
     * ({@code min}, {@code max}, {@code strict_min}, {@code strict_max}; one bound at least), or a mapping with
     * named keys ({@code OPTIONS}: all optional, so the check may also be written bare).
     */
    public enum Arg { NONE, TEXT, NUMBER, LIST, RANGE, MAP, OPTIONS }

    private final Scope scope;
    private final Arg arg;
    private final String greatExpectations;
    private final String pandera;
    private final List<String> keys;
    private final List<String> required;

    CheckType(Scope scope, Arg arg, String greatExpectations, String pandera) {
        this(scope, arg, greatExpectations, pandera, arg == Arg.RANGE ? List.of("min", "max", "strict_min", "strict_max") : List.of(), List.of());
    }

    CheckType(Scope scope, Arg arg, String greatExpectations, String pandera, List<String> keys,
              List<String> required) {
        this.scope = scope;
        this.arg = arg;
        this.greatExpectations = greatExpectations;
        this.pandera = pandera;
        this.keys = keys;
        this.required = required;
    }

    /** The name as written in a suite: {@code between}, {@code row_count_equal}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The check a suite's name stands for. */
    public static Optional<CheckType> named(String word) {
        return Arrays.stream(values()).filter(t -> t.word().equals(word)).findFirst();
    }

    public Scope scope() {
        return scope;
    }

    public Arg arg() {
        return arg;
    }

    /** The Great Expectations expectation with the same meaning; empty when it has none. */
    public String greatExpectations() {
        return greatExpectations;
    }

    /** pandera's closest spelling; empty when it has none. */
    public String pandera() {
        return pandera;
    }

    /** The keys a mapping argument may have. */
    public List<String> keys() {
        return keys;
    }

    /** The keys a mapping argument must have. */
    public List<String> required() {
        return required;
    }
}
