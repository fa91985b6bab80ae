package dev.capstan.validate;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ValidatorTest {

    /** Ten customers with known violations: row 3 age 150, row 5 age missing, row 7 a duplicate id, ... */
    private static final String CUSTOMERS = """
            id,age,income,category,email,signup,payload,spend_a,spend_b
            C1,34,52000.5,gold,a@x.io,2024-01-05,"{""k"": 1}",10,5
            C2,41,61000,silver,b@x.io,2024-01-06,[1],20,20
            C3,29,38000,bronze,not-an-email,2024-01-07,{},30,10
            C4,150,45000,gold,d@x.io,2024-02-30,{,5,1
            C5,38,,silver,e@x.io,2024-01-09,null,7,8
            C6,,51000,platinum,f@x.io,2024-01-10,,9,1
            C7,45,47000,gold,g@x.io,not a date,1,12,3
            C2,52,59000,silver,h@x.io,2024-01-12,2,15,15
            C9,33,39000,bronze,i@x.io,2024-01-13,3,6,2
            C10,27,9000000,gold,j@x.io,2024-01-14,4,8,4
            """;

    @TempDir
    Path dir;

    private ValidationReport validate(String suiteYaml, String csv) throws IOException {
        Path suite = Files.writeString(dir.resolve("suite.yaml"), suiteYaml);
        Path data = Files.writeString(dir.resolve("data.csv"), csv);
        try (TableSource source = TableSources.open(data)) {
            return new Validator(Suite.read(suite)).validate(source);
        }
    }

    private static CheckResult result(ValidationReport report, String column, CheckType type) {
        return report.results().stream().filter(r -> r.type() == type && java.util.Objects.equals(r.column(), column))
                .findFirst().orElseThrow(() -> new AssertionError("no result for " + column + " " + type));
    }

    @Test
    void valueChecksCountMissingAndUnexpectedWithRowIndices() throws IOException {
        ValidationReport report = validate("""
                columns:
                  id:
                    type: string
                    nullable: false
                    unique: true
                    checks:
                      - regex: "^C[0-9]+$"
                  age:
                    type: integer
                    checks:
                      - between: {min: 18, max: 100}
                      - between: {min: 18, max: 100}
                        mostly: 0.8
                  category:
                    checks:
                      - in_set: [gold, silver, bronze]
                      - not_in_set: [platinum]
                        severity: warning
                  email:
                    checks:
                      - regex: "^[^@]+@[^@]+$"
                      - length_between: {min: 6, max: 6}
                  signup:
                    checks:
                      - datetime_format: "%Y-%m-%d"
                  payload:
                    checks:
                      - json_parseable
                """, CUSTOMERS);

        assertThat(report.rows()).isEqualTo(10);
        CheckResult unique = result(report, "id", CheckType.UNIQUE);
        assertThat(unique.unexpectedCount()).isEqualTo(2);
        assertThat(unique.examples()).extracting(CheckResult.Example::row).containsExactly(1L, 7L);
        assertThat(unique.examples()).extracting(CheckResult.Example::value).containsOnly("C2");
        assertThat(result(report, "id", CheckType.NOT_NULL).success()).isTrue();
        assertThat(result(report, "id", CheckType.REGEX).success()).isTrue();

        CheckResult age = report.results().stream().filter(r -> r.type() == CheckType.BETWEEN).findFirst().get();
        assertThat(age.success()).isFalse();
        assertThat(age.elementCount()).isEqualTo(10);
        assertThat(age.missingCount()).isEqualTo(1);
        assertThat(age.unexpectedCount()).isEqualTo(1);
        assertThat(age.unexpectedPercent()).isCloseTo(100.0 / 9, within(1e-9));
        assertThat(age.examples()).containsExactly(new CheckResult.Example(3, "150"));
        CheckResult mostly = report.results().stream().filter(r -> r.type() == CheckType.BETWEEN).skip(1)
                .findFirst().get();
        assertThat(mostly.success()).isTrue();
        assertThat((double) mostly.observedValue()).isCloseTo(8.0 / 9, within(1e-12));
        assertThat(result(report, "age", CheckType.TYPE).success()).isTrue();

        assertThat(result(report, "category", CheckType.IN_SET).examples())
                .containsExactly(new CheckResult.Example(5, "platinum"));
        CheckResult warning = result(report, "category", CheckType.NOT_IN_SET);
        assertThat(warning.success()).isFalse();
        assertThat(warning.failsValidation()).isFalse();
        assertThat(result(report, "email", CheckType.REGEX).examples())
                .containsExactly(new CheckResult.Example(2, "not-an-email"));
        assertThat(result(report, "email", CheckType.LENGTH_BETWEEN).unexpectedCount()).isEqualTo(1);
        assertThat(result(report, "signup", CheckType.DATETIME_FORMAT).examples()).extracting(CheckResult.Example::row)
                .containsExactly(3L, 6L);
        CheckResult json = result(report, "payload", CheckType.JSON_PARSEABLE);
        assertThat(json.missingCount()).isEqualTo(1);
        assertThat(json.examples()).containsExactly(new CheckResult.Example(3, "{"));
        assertThat(report.success()).isFalse();
    }

    @Test
    void statisticsAreExactAndFailOutsideTheirRange() throws IOException {
        ValidationReport report = validate("""
                columns:
                  age:
                    checks:
                      - mean_between: {min: 30, max: 60}
                      - median_between: {min: 34, max: 34}
                      - min_between: {min: 27, max: 27}
                      - max_between: {max: 100}
                      - stdev_between: {min: 0, max: 10}
                      - sum_between: {min: 449, max: 449}
                      - quantiles_between:
                          quantiles: [0.25, 0.75]
                          ranges: [[30, 34], [44, 46]]
                      - z_score_below: {threshold: 2}
                  category:
                    checks:
                      - unique_count_between: {min: 4, max: 4}
                      - unique_proportion_between: {min: 0.5}
                      - most_common_in_set: [gold]
                      - distinct_in_set: [gold, silver, bronze]
                      - distinct_contain_set: [gold, silver]
                      - distinct_equal_set: [gold, silver, bronze, platinum]
                      - class_balance: {min_share: 0.2}
                """, CUSTOMERS);
        // ages present: 34 41 29 150 38 45 52 33 27 (sum 449, n 9)
        assertThat(result(report, "age", CheckType.MEAN_BETWEEN).observedValue()).isEqualTo(449.0 / 9);
        assertThat(result(report, "age", CheckType.MEDIAN_BETWEEN).observedValue()).isEqualTo(38L);
        assertThat(result(report, "age", CheckType.MEDIAN_BETWEEN).success()).isFalse();
        assertThat(result(report, "age", CheckType.MIN_BETWEEN).success()).isTrue();
        assertThat(result(report, "age", CheckType.MAX_BETWEEN).observedValue()).isEqualTo(150L);
        assertThat(result(report, "age", CheckType.MAX_BETWEEN).success()).isFalse();
        assertThat((double) result(report, "age", CheckType.STDEV_BETWEEN).observedValue())
                .isCloseTo(38.35506630304673, within(1e-9));
        assertThat(result(report, "age", CheckType.SUM_BETWEEN).success()).isTrue();
        assertThat(result(report, "age", CheckType.QUANTILES_BETWEEN).observedValue())
                .isEqualTo(Map.of("quantiles", List.of(0.25, 0.75), "values", List.of(33L, 45L)));
        CheckResult z = result(report, "age", CheckType.Z_SCORE_BELOW);
        assertThat(z.examples()).containsExactly(new CheckResult.Example(3, 150L));
        assertThat(result(report, "category", CheckType.UNIQUE_COUNT_BETWEEN).observedValue()).isEqualTo(4L);
        assertThat(result(report, "category", CheckType.UNIQUE_PROPORTION_BETWEEN).success()).isFalse();
        assertThat(result(report, "category", CheckType.MOST_COMMON_IN_SET).observedValue())
                .isEqualTo(List.of("gold"));
        assertThat(result(report, "category", CheckType.DISTINCT_IN_SET).success()).isFalse();
        assertThat(result(report, "category", CheckType.DISTINCT_CONTAIN_SET).success()).isTrue();
        assertThat(result(report, "category", CheckType.DISTINCT_EQUAL_SET).success()).isTrue();
        CheckResult balance = result(report, "category", CheckType.CLASS_BALANCE);
        assertThat(balance.success()).isFalse();
        assertThat(((Map<?, ?>) balance.observedValue()).get("minority_share")).isEqualTo(0.1);
    }

    @Test
    void tableChecksOfRowsColumnsPairsAndSums() throws IOException {
        ValidationReport report = validate("""
                checks:
                  - row_count_between: {min: 5, max: 10}
                  - row_count_equal: 11
                  - columns_match_set: {columns: [id, age], exact: false}
                  - columns_match_list: [id, age]
                  - column_count_equal: 9
                  - column_exists: email
                  - pair_greater: {a: spend_a, b: spend_b, or_equal: true}
                  - pair_equal: {a: spend_a, b: spend_b}
                  - sum_equal: {columns: [spend_a, spend_b], total: 15}
                  - unique_together: [id, category]
                """, CUSTOMERS);
        assertThat(result(report, null, CheckType.ROW_COUNT_BETWEEN).success()).isTrue();
        assertThat(result(report, null, CheckType.ROW_COUNT_EQUAL).observedValue()).isEqualTo(10L);
        assertThat(result(report, null, CheckType.COLUMNS_MATCH_SET).success()).isTrue();
        assertThat(result(report, null, CheckType.COLUMNS_MATCH_LIST).success()).isFalse();
        assertThat(result(report, null, CheckType.COLUMN_COUNT_EQUAL).success()).isTrue();
        assertThat(result(report, null, CheckType.COLUMN_EXISTS).success()).isTrue();
        CheckResult greater = result(report, "spend_a >= spend_b", CheckType.PAIR_GREATER);
        assertThat(greater.examples()).containsExactly(new CheckResult.Example(4, List.of("7", "8")));
        assertThat(result(report, "spend_a = spend_b", CheckType.PAIR_EQUAL).unexpectedCount()).isEqualTo(8);
        assertThat(result(report, "spend_a + spend_b", CheckType.SUM_EQUAL).examples())
                .extracting(CheckResult.Example::row).containsExactly(1L, 2L, 3L, 5L, 7L, 8L, 9L);
        assertThat(result(report, "id, category", CheckType.UNIQUE_TOGETHER).unexpectedCount()).isEqualTo(2);
    }

    @Test
    void noLeakageNamesTheRowsWhoseKeysAreInTheReference() throws IOException {
        Path suite = Files.writeString(dir.resolve("suite.yaml"), "checks:\n  - no_leakage: {key: id}\n");
        Path train = Files.writeString(dir.resolve("train.csv"), CUSTOMERS);
        Path test = Files.writeString(dir.resolve("test.csv"), "id,age\nC99,1\nC3,2\nC100,3\nC10,4\n");
        try (TableSource data = TableSources.open(test); TableSource reference = TableSources.open(train)) {
            ValidationReport report = new Validator(Suite.read(suite)).validate(data, reference, rows -> { });
            CheckResult leak = report.results().get(0);
            assertThat(leak.examples()).containsExactly(new CheckResult.Example(1, "C3"),
                    new CheckResult.Example(3, "C10"));
        }
    }

    @Test
    void increasingAndTypesOfTypedRows() {
        Suite suite = new Suite("rows", List.of(
                new ColumnSpec("t", ColumnType.INTEGER, true, false, false,
                        List.of(CheckSpec.of(CheckType.INCREASING, Map.of("strict", true))), 0),
                new ColumnSpec("s", ColumnType.STRING, true, false, false, List.of(), 0)), List.of(), null);
        List<Map<String, Object>> rows = List.of(Map.of("t", 1L, "s", "a"), Map.of("t", 2L, "s", 5L),
                Map.of("t", 2L, "s", "c"), Map.of("t", 3L, "s", "d"));
        ValidationReport report = new Validator(suite).validateRows("request", List.of("t", "s"), rows);
        assertThat(result(report, "t", CheckType.INCREASING).examples())
                .containsExactly(new CheckResult.Example(2, 2L));
        assertThat(result(report, "s", CheckType.TYPE).examples()).containsExactly(new CheckResult.Example(1, 5L));
    }

    @Test
    void typedSourcesMustHoldTheTypeUnlessTheColumnCoerces() throws IOException {
        Path suite = Files.writeString(dir.resolve("suite.yaml"), """
                columns:
                  age: {type: integer}
                  score: {type: integer, coerce: true}
                  joined:
                    type: date
                    checks:
                      - between: {min: '2024-01-01', max: '2024-12-31'}
                """);
        Path rows = Files.writeString(dir.resolve("rows.jsonl"), """
                {"age": 34, "score": "7", "joined": "2024-03-01"}
                {"age": "35", "score": 8, "joined": "2025-01-02"}
                {"age": 36.5, "score": "x", "joined": null}
                """);
        try (TableSource data = TableSources.open(rows)) {
            ValidationReport report = new Validator(Suite.read(suite)).validate(data);
            assertThat(result(report, "age", CheckType.TYPE).examples())
                    .containsExactly(new CheckResult.Example(1, "35"), new CheckResult.Example(2, 36.5));
            assertThat(result(report, "score", CheckType.TYPE).examples())
                    .containsExactly(new CheckResult.Example(2, "x"));
            assertThat(result(report, "joined", CheckType.TYPE).examples()).hasSize(2);   // text in a typed source
            assertThat(result(report, "joined", CheckType.BETWEEN).examples())
                    .containsExactly(new CheckResult.Example(1, "2025-01-02"));
        }
    }

    @Test
    void parquetColumnsAreCheckedAsTheirTypes() throws Exception {
        Path file = dir.resolve("data.parquet");
        try (var connection = java.sql.DriverManager.getConnection("jdbc:duckdb:");
             var statement = connection.createStatement()) {
            statement.execute("COPY (SELECT i AS id, i * 1.5 AS amount, DATE '2024-01-01' + CAST(i AS INTEGER) AS day, "
                    + "CASE WHEN i % 3 = 0 THEN NULL ELSE 'c' || (i % 4) END AS category FROM range(10000) t(i)) "
                    + "TO '" + file + "' (FORMAT parquet)");
        }
        Path suite = Files.writeString(dir.resolve("suite.yaml"), """
                columns:
                  id: {type: integer, unique: true, checks: [increasing: {strict: true}]}
                  amount:
                    type: float
                    checks:
                      - median_between: {min: 7499.25, max: 7499.25}
                      - max_between: {max: 14998.5}
                  day: {type: date, checks: [between: {max: '2051-05-19'}]}
                  category:
                    type: string
                    checks:
                      - in_set: [c0, c1, c2]
                      - not_null: true
                        mostly: 0.6
                """);
        try (TableSource data = TableSources.open(file)) {
            ValidationReport report = new Validator(Suite.read(suite)).validate(data);
            assertThat(report.rows()).isEqualTo(10_000);
            assertThat(report.failures()).extracting(r -> r.column() + " " + r.type().word())
                    .containsExactly("category in_set");
            CheckResult inSet = result(report, "category", CheckType.IN_SET);
            assertThat(inSet.missingCount()).isEqualTo(3334);
            assertThat(inSet.unexpectedCount()).isEqualTo(1666);   // c3: i % 4 == 3 and i % 3 != 0
            assertThat(inSet.examples().get(0)).isEqualTo(new CheckResult.Example(7, "c3"));
        }
    }

    @Test
    void aColumnTheDataLacksIsAnErrorWithTheSuiteLine() {
        assertThatThrownBy(() -> validate("columns:\n  id: {}\n  height:\n    type: float\n", CUSTOMERS))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("suite.yaml:3: column 'height' is not in")
                .hasMessageContaining("data.csv");
    }

    @Test
    void anUnusableArgumentIsAnErrorWithTheSuiteLine() {
        assertThatThrownBy(() -> validate("columns:\n  id:\n    checks:\n      - regex: \"([a-\"\n", CUSTOMERS))
                .isInstanceOf(CapstanException.class).hasMessageContaining("suite.yaml:4:")
                .hasMessageContaining("bad regular expression");
    }
}
