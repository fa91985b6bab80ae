package dev.capstan.validate;

import dev.capstan.validate.internal.ColumnProfile;
import dev.capstan.validate.internal.ProfileChecks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Writes a starting suite from data, in the spirit of Great Expectations' profiler: a person reviews and edits it,
 * and the data it was profiled on passes it. One pass over the source's batches, in memory bounded per column
 * (see the limits below); the source is not closed.
 * <p>
 * Every column of the source appears in the suite, in order, with:
 * <ul>
 *   <li>{@code type}: the narrowest type that every present value reads as: {@code integer} (a {@code Long}, or
 *       text of a whole number that fits one), {@code float} (a number, or decimal text such as {@code -2.5e3}),
 *       {@code boolean} ({@code true}/{@code false} in any case), {@code date} (ISO {@code yyyy-MM-dd}),
 *       {@code datetime} (ISO {@code yyyy-MM-ddTHH:mm[:ss[.fff]]}, or with a space for the T), else {@code string}.
 *       No type when every value is missing, or when a typed source mixes Java types no one type holds.</li>
 *   <li>{@code nullable: false} when the table has rows and none misses the value.</li>
 *   <li>{@code unique: true} for an integer or string column with at least 20 present values, none repeated
 *       (missing values aside), among at most 1,000,000 distinct values kept; beyond that it is not claimed.</li>
 *   <li>{@code between} the observed minimum and maximum for numbers, and for dates and date-times as ISO text
 *       (a {@code warning}: a new batch brings later dates);
 *       {@code length_between} the observed shortest and longest for strings (in Unicode code points).</li>
 *   <li>{@code in_set} the observed values, sorted and written as their type (numbers as numbers), when there are
 *       at most 20 distinct values and at most half as many as present values (so that values repeat).</li>
 *   <li>For numeric columns whose values vary: {@code mean_between} mean ± 0.1·stdev, {@code stdev_between}
 *       stdev ± 0.1·stdev (the sample standard deviation, n − 1), and {@code quantiles_between} for the 0.05, 0.25,
 *       0.5, 0.75 and 0.95 quantiles, each ± 0.1·IQR (± 0.1·stdev when the IQR is 0). Quantiles are interpolated
 *       linearly between ranks (numpy's default) over a seeded uniform sample of at most 100,000 values per
 *       column, so the result repeats; the margin covers the sampling error. Each band is rounded outward to the
 *       decimal place of its margin. These checks are {@code warning}s: a new batch's statistics drift.</li>
 * </ul>
 * and the table's checks: {@code row_count_between} the row count ± 10% (rounded outward; a {@code warning}), and
 * {@code columns_match_list} with the columns in order.
 */
public final class Profiler {

    private Profiler() {
    }

    /** Profiles every row of {@code source} into a suite named {@code suiteName}. */
    public static Suite profile(String suiteName, TableSource source) {
        return profile(suiteName, source, rows -> { });
    }

    /** Profiles every row of {@code source}, telling {@code progress} the rows read so far after each batch. */
    public static Suite profile(String suiteName, TableSource source, LongConsumer progress) {
        List<String> names = List.copyOf(source.columns());
        List<ColumnProfile> profiles = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            profiles.add(new ColumnProfile(names.get(i), i));
        }
        long rows = read(source, profiles, progress);
        List<ColumnSpec> columns = profiles.stream().map(ProfileChecks::spec).toList();
        List<CheckSpec> checks = List.of(ProfileChecks.rowCount(rows), CheckSpec.of(CheckType.COLUMNS_MATCH_LIST,
                names));
        return new Suite(suiteName, columns, checks, null);
    }

    /** Feeds every batch to the columns' profiles; returns the row count. */
    private static long read(TableSource source, List<ColumnProfile> profiles, LongConsumer progress) {
        long rows = 0;
        for (Batch batch = source.next(); batch != null; batch = source.next()) {
            for (int i = 0; i < profiles.size(); i++) {
                profiles.get(i).addAll(batch.columns().get(i), batch.size());
            }
            rows += batch.size();
            progress.accept(rows);
        }
        return rows;
    }
}
