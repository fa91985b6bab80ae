package dev.capstan.validate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The profiler infers each column's schema and writes checks that the profiled data passes. */
class ProfilerTest {

    private static final List<String> COLUMNS = List.of("id", "score", "active", "city", "day", "at", "code",
            "rating", "price", "mixed", "empty");
    private static final List<String> CITIES = List.of("Oslo", "Lima", "Paris", "Zürich");
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 1);
    private static final LocalDateTime FIRST_HOUR = LocalDateTime.of(2024, 3, 1, 8, 0);

    @TempDir
    Path dir;

    /** 200 rows: CSV-like text columns and typed ones, read in batches of 7 rows. */
    private static Suite profile200() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(new Object[]{
                    String.valueOf(i + 1),
                    i % 10 == 0 ? null : String.valueOf(i * 0.5),
                    i % 3 == 0 ? "TRUE" : "false",
                    CITIES.get(i % 4),
                    FIRST_DAY.plusDays(i).toString(),
                    FIRST_HOUR.plusHours(i).toString().replace('T', ' ') + ":00",
                    "C-" + i,
                    (long) (i % 5 + 1),
                    i * 1.25,
                    i % 2 == 0 ? (Object) (long) i : "x" + i,
                    null});
        }
        return Profiler.profile("shop", new RowsSource(COLUMNS, rows, 7));
    }

    @Test
    void everyColumnHasItsInferredTypeNullabilityAndUniqueness() {
        Suite suite = profile200();

        assertThat(suite.name()).isEqualTo("shop");
        assertThat(suite.columns()).extracting(ColumnSpec::name).containsExactlyElementsOf(COLUMNS);
        assertThat(suite.columns()).extracting(ColumnSpec::type).containsExactly(ColumnType.INTEGER,
                ColumnType.FLOAT, ColumnType.BOOLEAN, ColumnType.STRING, ColumnType.DATE, ColumnType.DATETIME,
                ColumnType.STRING, ColumnType.INTEGER, ColumnType.FLOAT, null, null);
        assertThat(suite.columns()).filteredOn(ColumnSpec::nullable).extracting(ColumnSpec::name)
                .containsExactly("score", "empty");
        assertThat(suite.columns()).filteredOn(ColumnSpec::unique).extracting(ColumnSpec::name)
                .containsExactly("id", "code");
        assertThat(suite.columns()).noneMatch(ColumnSpec::coerce);
    }

    @Test
    void rangesValueSetsAndLengthsAreTheObservedOnes() {
        Suite suite = profile200();

        assertThat(check(suite, "id", CheckType.BETWEEN)).isEqualTo(Map.of("min", 1, "max", 200));
        assertThat(check(suite, "score", CheckType.BETWEEN)).isEqualTo(Map.of("min", 0.5, "max", 99.5));
        assertThat(check(suite, "price", CheckType.BETWEEN)).isEqualTo(Map.of("min", 0.0, "max", 248.75));
        assertThat(check(suite, "day", CheckType.BETWEEN))
                .isEqualTo(Map.of("min", "2024-01-01", "max", FIRST_DAY.plusDays(199).toString()));
        assertThat(check(suite, "at", CheckType.BETWEEN))
                .isEqualTo(Map.of("min", "2024-03-01T08:00:00", "max", "2024-03-09T15:00:00"));
        assertThat(check(suite, "city", CheckType.LENGTH_BETWEEN)).isEqualTo(Map.of("min", 4, "max", 6));
        assertThat(check(suite, "code", CheckType.LENGTH_BETWEEN)).isEqualTo(Map.of("min", 3, "max", 5));

        assertThat(check(suite, "active", CheckType.IN_SET)).isEqualTo(List.of(false, true));
        assertThat(check(suite, "city", CheckType.IN_SET)).isEqualTo(List.of("Lima", "Oslo", "Paris", "Zürich"));
        assertThat(check(suite, "rating", CheckType.IN_SET)).isEqualTo(List.of(1, 2, 3, 4, 5));
        assertThat(types(suite, "id")).containsExactly(CheckType.BETWEEN, CheckType.MEAN_BETWEEN,
                CheckType.STDEV_BETWEEN, CheckType.QUANTILES_BETWEEN);
        assertThat(types(suite, "mixed")).isEmpty();
        assertThat(types(suite, "empty")).isEmpty();
    }

    @Test
    void numericColumnsGetStatisticBandsAsWarnings() {
        Suite suite = profile200();

        // 1..200: mean 100.5, sample stdev sqrt(3350) = 57.88; numpy's linear quantiles below
        assertThat(check(suite, "id", CheckType.MEAN_BETWEEN)).isEqualTo(Map.of("min", 94.0, "max", 107.0));
        assertThat(check(suite, "id", CheckType.STDEV_BETWEEN)).isEqualTo(Map.of("min", 52.0, "max", 64.0));
        Map<?, ?> quantiles = (Map<?, ?>) check(suite, "id", CheckType.QUANTILES_BETWEEN);
        assertThat(quantiles.get("quantiles")).isEqualTo(List.of(0.05, 0.25, 0.5, 0.75, 0.95));
        assertBandsHold(quantiles, new double[]{10.95, 50.75, 100.5, 150.25, 190.05}, 9.95);
        ColumnSpec id = suite.columns().get(0);
        assertThat(id.checks()).filteredOn(c -> c.type() != CheckType.BETWEEN)
                .allMatch(c -> c.severity() == Severity.WARNING);
    }

    @Test
    void quantileBandsFromTheSampleHoldForAllOfALargeColumn() {
        Random random = new Random(7);
        double[] values = new double[300_000];
        List<Object[]> rows = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            values[i] = 50 + 10 * random.nextGaussian();
            rows.add(new Object[]{values[i]});
        }

        Suite suite = Profiler.profile("big", new RowsSource(List.of("x"), rows, TableSource.BATCH_ROWS));

        Arrays.sort(values);
        double[] exact = Arrays.stream(new double[]{0.05, 0.25, 0.5, 0.75, 0.95})
                .map(q -> numpyLinear(values, q)).toArray();
        double iqr = exact[3] - exact[1];
        assertBandsHold((Map<?, ?>) check(suite, "x", CheckType.QUANTILES_BETWEEN), exact, 0.11 * iqr);
        assertThat(suite.checks().get(0).argument()).isEqualTo(Map.of("min", 270_000, "max", 330_000));
    }

    @Test
    void aValueSetNeedsFewValuesForItsRows() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(new Object[]{"city" + (i % 16), String.valueOf(i % 3)});   // 16 cities in 30 rows: too many
        }

        Suite suite = Profiler.profile("few", new RowsSource(List.of("city", "n"), rows, 4));

        assertThat(types(suite, "city")).containsExactly(CheckType.LENGTH_BETWEEN);
        assertThat(check(suite, "n", CheckType.IN_SET)).isEqualTo(List.of(0, 1, 2));
    }

    @Test
    void tableChecksBoundTheRowCountAndListTheColumns() {
        Suite suite = profile200();

        assertThat(suite.checks()).containsExactly(
                new CheckSpec(CheckType.ROW_COUNT_BETWEEN, Map.of("min", 180, "max", 220), 1.0, Severity.WARNING, 0),
                CheckSpec.of(CheckType.COLUMNS_MATCH_LIST, COLUMNS));
    }

    @Test
    void anEmptyTableGivesColumnsWithoutConstraints() {
        Suite suite = Profiler.profile("empty", new RowsSource(List.of("a", "b"), List.of(), 10));

        assertThat(suite.columns()).containsExactly(
                new ColumnSpec("a", null, true, false, false, List.of(), 0),
                new ColumnSpec("b", null, true, false, false, List.of(), 0));
        assertThat(suite.checks().get(0).argument()).isEqualTo(Map.of("min", 0, "max", 0));
    }

    @Test
    void theProfileReadsBackFromItsFile() {
        Suite suite = profile200();
        Path file = dir.resolve("shop.yaml");

        suite.write(file);
        Suite read = Suite.read(file);

        assertThat(read.checks()).map(ProfilerTest::lineless).isEqualTo(suite.checks());
        assertThat(read.columns()).map(ProfilerTest::lineless).isEqualTo(suite.columns());
    }

    private static void assertBandsHold(Map<?, ?> argument, double[] quantiles, double margin) {
        List<?> ranges = (List<?>) argument.get("ranges");
        for (int i = 0; i < quantiles.length; i++) {
            List<?> range = (List<?>) ranges.get(i);
            double low = (Double) range.get(0);
            double high = (Double) range.get(1);
            assertThat(quantiles[i]).as("quantile %d in %s", i, range).isBetween(low, high);
            assertThat(high - low).as("width of %s", range).isLessThanOrEqualTo(4 * margin);
        }
    }

    private static double numpyLinear(double[] sorted, double q) {
        double rank = (sorted.length - 1) * q;
        int below = (int) rank;
        double fraction = rank - below;
        return below + 1 < sorted.length ? sorted[below] + fraction * (sorted[below + 1] - sorted[below])
                : sorted[below];
    }

    private static Object check(Suite suite, String column, CheckType type) {
        return column(suite, column).checks().stream().filter(c -> c.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError(column + " has no " + type)).argument();
    }

    private static List<CheckType> types(Suite suite, String column) {
        return column(suite, column).checks().stream().map(CheckSpec::type).toList();
    }

    private static ColumnSpec column(Suite suite, String name) {
        return suite.columns().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static CheckSpec lineless(CheckSpec c) {
        return new CheckSpec(c.type(), c.argument(), c.mostly(), c.severity(), 0);
    }

    private static ColumnSpec lineless(ColumnSpec c) {
        return new ColumnSpec(c.name(), c.type(), c.nullable(), c.unique(), c.coerce(),
                c.checks().stream().map(ProfilerTest::lineless).toList(), 0);
    }
}
