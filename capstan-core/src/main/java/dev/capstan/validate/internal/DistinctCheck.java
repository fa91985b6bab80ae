package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks of a column's distinct values and their counts: the distinct set against a set, the number and proportion
 * of distinct values, the most common value, the minority class's share. Counts are kept per 64-bit hash of each
 * value's key in bounded memory ({@link SpillingCounts}); the values themselves for the first {@link #SHOWN}
 * distinct ones.
 */
final class DistinctCheck extends ColumnAggregate {

    /** Distinct values remembered to show (and to name the most common or minority value). */
    static final int SHOWN = 10_000;

    private final LongSet set;
    private final Object argument;
    private final SpillingCounts counts = new SpillingCounts();
    private final Map<Long, Object> shown = new HashMap<>();

    /**
     * @param set the hashes of the argument's values, for the checks that take a set; empty otherwise
     */
    DistinctCheck(CheckSpec spec, String column, int index, LongSet set) {
        super(spec, column, index);
        this.set = set;
        this.argument = spec.argument();
    }

    @Override
    void add(ColumnView view, int row, long tableRow) {
        long hash = view.hash(row);
        if (counts.add(hash, tableRow) == 1 && shown.size() < SHOWN) {
            shown.put(hash, view.key(row));
        }
    }

    @Override
    public CheckResult result() {
        try (counts) {
            return result(elements - missing);
        }
    }

    private CheckResult result(long present) {
        return switch (spec.type()) {
            case DISTINCT_IN_SET -> observed(allDistinct(set::contains), distinctValues());
            case DISTINCT_EQUAL_SET -> observed(allDistinct(set::contains) && counts.distinct() == set.size(),
                    distinctValues());
            case DISTINCT_CONTAIN_SET -> observed(containsSet(), distinctValues());
            case UNIQUE_COUNT_BETWEEN -> observed(Range.ofNumbers(spec).contains(counts.distinct()), counts.distinct());
            case UNIQUE_PROPORTION_BETWEEN -> {
                double proportion = present == 0 ? Double.NaN : (double) counts.distinct() / present;
                yield observed(Range.ofNumbers(spec).contains(proportion), proportion);
            }
            case MOST_COMMON_IN_SET -> mostCommon();
            case CLASS_BALANCE -> classBalance(present);
            default -> throw new IllegalStateException(spec.type().word());
        };
    }

    private boolean allDistinct(java.util.function.LongPredicate test) {
        boolean[] all = {true};
        counts.forEach((hash, count, firstRow) -> all[0] &= test.test(hash));
        return all[0];
    }

    private boolean containsSet() {
        long[] found = {0};
        counts.forEach((hash, count, firstRow) -> found[0] += set.contains(hash) ? 1 : 0);
        return found[0] == set.size();
    }

    /** The distinct values, sorted, as far as they are remembered. */
    private List<Object> distinctValues() {
        return shown.values().stream().sorted(ORDER).toList();
    }

    private CheckResult mostCommon() {
        long[] max = {0};
        counts.forEach((hash, count, firstRow) -> max[0] = Math.max(max[0], count));
        List<Long> modes = new ArrayList<>();
        counts.forEach((hash, count, firstRow) -> {
            if (count == max[0]) {
                modes.add(hash);
            }
        });
        boolean success = !modes.isEmpty() && modes.stream().allMatch(set::contains);
        return observed(success, modes.stream().map(h -> shown.getOrDefault(h, "(not remembered)"))
                .sorted(ORDER).toList());
    }

    private CheckResult classBalance(long present) {
        Map<Object, Double> shares = new LinkedHashMap<>();
        long[] min = {Long.MAX_VALUE};
        counts.forEach((hash, count, firstRow) -> {
            shares.put(shown.getOrDefault(hash, "(not remembered)"), present == 0 ? 0.0 : (double) count / present);
            min[0] = Math.min(min[0], count);
        });
        double minority = present == 0 ? 0.0 : (double) min[0] / present;
        double wanted = ((Number) ((Map<?, ?>) argument).get("min_share")).doubleValue();
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("minority_share", minority);
        observed.put("shares", shares.entrySet().stream().sorted(Map.Entry.comparingByKey(ORDER))
                .collect(Collectors.toMap(e -> String.valueOf(e.getKey()), Map.Entry::getValue, (a, b) -> a,
                        LinkedHashMap::new)));
        return observed(present > 0 && shares.size() > 1 && minority >= wanted, observed);
    }

    /** Numbers before text, each in natural order. */
    static final Comparator<Object> ORDER = Comparator
            .comparing((Object o) -> !(o instanceof Number))
            .thenComparing(o -> o instanceof Number n ? n.doubleValue() : 0.0)
            .thenComparing(String::valueOf);
}
