package dev.capstan.monitor;

import java.util.List;
import java.util.Locale;

/**
 * Drift over a dataset's columns: the dataset drifts when the share of drifted columns is at least the threshold
 * (Evidently's default: 0.5). Columns without enough data count in neither the drifted ones nor the total.
 *
 * @param share the drifted share of the columns that had enough data, NaN when none had
 */
public record DataDrift(List<ColumnDrift> columns, double share, double threshold, boolean drifted) {

    public static final double DEFAULT_SHARE = 0.5;

    public DataDrift {
        columns = List.copyOf(columns);
    }

    /** The dataset's drift from its columns' at {@code threshold}. */
    public static DataDrift of(List<ColumnDrift> columns, double threshold) {
        long tested = columns.stream().filter(c -> c.status() != ColumnDrift.Status.NOT_ENOUGH_DATA).count();
        long drifted = columns.stream().filter(ColumnDrift::drifted).count();
        double share = tested == 0 ? Double.NaN : (double) drifted / tested;
        return new DataDrift(columns, share, threshold, tested > 0 && share >= threshold);
    }

    /** The drifted columns, k of n, as "Drift is detected for 40% of columns (2 of 5)". */
    public String summary() {
        long tested = columns.stream().filter(c -> c.status() != ColumnDrift.Status.NOT_ENOUGH_DATA).count();
        if (tested == 0) {
            return "Not enough data to test any column for drift";
        }
        long drifted = columns.stream().filter(ColumnDrift::drifted).count();
        return String.format(Locale.ROOT, "Drift is detected for %.0f%% of columns (%d of %d)",
                100 * share, drifted, tested);
    }
}
