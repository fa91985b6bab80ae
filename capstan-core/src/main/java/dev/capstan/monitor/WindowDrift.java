package dev.capstan.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The drift of a window of the prediction log against a model version's reference profile: every input column of
 * the profile ({@code in_<column>} in the log) and the watched prediction ({@code out_<column>}).
 *
 * @param inputs     the input columns' drift and the dataset's
 * @param prediction the watched prediction's drift, or null when the profile has no output
 */
public record WindowDrift(DataDrift inputs, ColumnDrift prediction) {

    /**
     * How drift is tested: the dataset's drifted share, and a method or threshold per column (null: the default).
     */
    public record Settings(double share, Map<String, ColumnSetting> columns) {

        public static final Settings DEFAULTS = new Settings(DataDrift.DEFAULT_SHARE, Map.of());

        public Settings {
            columns = Map.copyOf(columns);
        }

        ColumnSetting of(String column) {
            return columns.getOrDefault(column, ColumnSetting.DEFAULT);
        }
    }

    /** A column's test and threshold; null for Evidently's default. */
    public record ColumnSetting(DriftMethod method, Double threshold) {
        static final ColumnSetting DEFAULT = new ColumnSetting(null, null);
    }

    /** Tests the window's rows against the profile. */
    public static WindowDrift of(ReferenceProfile profile, PredictionLog.Rows window, Settings settings) {
        List<ColumnDrift> columns = new ArrayList<>();
        profile.inputs().forEach((name, reference) -> columns.add(test(name, reference,
                window.valuesOf("in_" + name), settings.of(name))));
        String watched = profile.predictionColumn();
        ColumnDrift prediction = watched == null ? null : test(watched, profile.outputs().get(watched),
                window.valuesOf("out_" + watched), settings.of(watched));
        return new WindowDrift(DataDrift.of(columns, settings.share()), prediction);
    }

    private static ColumnDrift test(String name, ReferenceProfile.Column reference, Object[] current,
                                    ColumnSetting setting) {
        if (reference.numeric()) {
            double[] numbers = Arrays.stream(current).filter(v -> v instanceof Number)
                    .mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            return ColumnDrift.ofNumbers(name, reference.numbers(), numbers, setting.method(), setting.threshold());
        }
        Object[] categories = Arrays.stream(current).filter(Objects::nonNull).map(ReferenceProfile::category)
                .toArray();
        return ColumnDrift.of(name, reference.categories(), categories, false, setting.method(), setting.threshold());
    }
}
