package dev.capstan.validate.internal;

import dev.capstan.validate.CheckSpec;
import dev.capstan.validate.CheckType;
import dev.capstan.validate.ColumnSpec;
import dev.capstan.validate.ColumnType;
import dev.capstan.validate.Severity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schema and checks that the profiler writes for a profiled column; the rules are in {@code Profiler}. */
public final class ProfileChecks {

    /** The quantiles a numeric column's {@code quantiles_between} bounds. */
    public static final List<Double> QUANTILES = List.of(0.05, 0.25, 0.5, 0.75, 0.95);
    /** The share of the standard deviation or IQR by which a statistic's band reaches beyond the observed value. */
    private static final double TOLERANCE = 0.1;
    /** The largest share of a column's values that its distinct values may be for a value set: values repeat. */
    private static final double VALUE_SET_SHARE = 0.5;
    /** The fewest present values from which a column with no repeated value is taken for a key. */
    private static final int UNIQUE_FROM = 20;

    private ProfileChecks() {
    }

    public static ColumnSpec spec(ColumnProfile profile) {
        ColumnType type = profile.type();
        List<CheckSpec> checks = new ArrayList<>();
        if (type != null) {
            checks.addAll(extremes(profile, type));
        }
        List<Object> values = profile.distinctValues();
        if (values != null && values.size() <= ColumnProfile.VALUE_SET
                && values.size() <= VALUE_SET_SHARE * profile.present()) {
            checks.add(CheckSpec.of(CheckType.IN_SET, values));
        }
        if (type != null && type.numeric() && profile.present() >= 2 && profile.stdev() > 0) {
            checks.addAll(statistics(profile));
        }
        boolean nullable = profile.missing() > 0 || profile.present() == 0;
        boolean unique = (type == ColumnType.INTEGER || type == ColumnType.STRING)
                && profile.present() >= UNIQUE_FROM && profile.allDistinct();
        return new ColumnSpec(profile.name(), type, nullable, unique, false, checks, 0);
    }

    private static List<CheckSpec> extremes(ColumnProfile p, ColumnType type) {
        return switch (type) {
            case INTEGER -> List.of(CheckSpec.of(CheckType.BETWEEN,
                    range(ColumnProfile.plain(p.longMin()), ColumnProfile.plain(p.longMax()))));
            case FLOAT -> List.of(CheckSpec.of(CheckType.BETWEEN, range(p.min(), p.max())));
            case DATE, DATETIME -> List.of(new CheckSpec(CheckType.BETWEEN, range(p.minTime(), p.maxTime()), 1.0,
                    Severity.WARNING, 0));   // a new batch brings later dates
            case STRING -> List.of(CheckSpec.of(CheckType.LENGTH_BETWEEN, range(p.minLength(), p.maxLength())));
            case BOOLEAN -> List.of();
        };
    }

    /** Mean, standard deviation and quantile bands: warnings, since a new batch's statistics drift. */
    private static List<CheckSpec> statistics(ColumnProfile p) {
        double stdev = p.stdev();
        Reservoir sample = p.sample();
        double iqr = sample.quantile(0.75) - sample.quantile(0.25);
        double pad = TOLERANCE * (iqr > 0 ? iqr : stdev);
        Map<String, Object> quantiles = new LinkedHashMap<>();
        quantiles.put("quantiles", QUANTILES);
        quantiles.put("ranges", QUANTILES.stream().map(q -> band(sample.quantile(q), pad)).toList());
        return List.of(warning(CheckType.MEAN_BETWEEN, range(band(p.mean(), TOLERANCE * stdev))),
                warning(CheckType.STDEV_BETWEEN, range(band(stdev, TOLERANCE * stdev))),
                warning(CheckType.QUANTILES_BETWEEN, quantiles));
    }

    /** The table's row count within 10%: a warning. */
    public static CheckSpec rowCount(long rows) {
        long margin = (rows + 9) / 10;
        return warning(CheckType.ROW_COUNT_BETWEEN,
                range(ColumnProfile.plain(rows - margin), ColumnProfile.plain(rows + margin)));
    }

    private static CheckSpec warning(CheckType type, Object argument) {
        return new CheckSpec(type, argument, 1.0, Severity.WARNING, 0);
    }

    private static Map<String, Object> range(Object min, Object max) {
        Map<String, Object> range = new LinkedHashMap<>();
        range.put("min", min);
        range.put("max", max);
        return range;
    }

    /** {@code value ± pad}, rounded outward to the decimal place of {@code pad}'s leading digit: easy to read. */
    static List<Double> band(double value, double pad) {
        int scale = -(int) Math.floor(Math.log10(pad));
        return List.of(round(value - pad, scale, RoundingMode.FLOOR), round(value + pad, scale, RoundingMode.CEILING));
    }

    private static Map<String, Object> range(List<Double> band) {
        return range(band.get(0), band.get(1));
    }

    private static double round(double value, int scale, RoundingMode mode) {
        return BigDecimal.valueOf(value).setScale(scale, mode).doubleValue();
    }
}
