package dev.capstan.validate;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static dev.capstan.validate.CheckType.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Great Expectations suites (0.x and 1.x JSON) convert to Capstan suites, and what does not convert is listed. */
class GreatExpectationsImportTest {

    @TempDir
    Path dir;

    @Test
    void tableExpectationsBecomeSuiteChecks() {
        Suite suite = GreatExpectationsImport.convert(fixture("ge-suite.json")).suite();

        assertThat(suite.name()).isEqualTo("customers.warning");
        assertThat(suite.checks()).containsExactly(
                check(ROW_COUNT_BETWEEN, Map.of("min", 1000, "max", 100000)),
                check(ROW_COUNT_EQUAL, 5000),
                check(COLUMNS_MATCH_SET, Map.of("columns", List.of("customer_id", "age", "plan"), "exact", false)),
                check(COLUMNS_MATCH_LIST, List.of("customer_id", "age", "plan", "email")),
                check(COLUMN_COUNT_BETWEEN, Map.of("min", 5)),
                check(COLUMN_COUNT_EQUAL, 14),
                check(COLUMN_EXISTS, "customer_id"),
                check(PAIR_GREATER, Map.of("a", "last_login", "b", "signup_date", "or_equal", true)),
                check(PAIR_EQUAL, Map.of("a", "billing_country", "b", "country")),
                check(SUM_EQUAL, Map.of("columns", List.of("share_a", "share_b", "share_c"), "total", 100)),
                check(UNIQUE_TOGETHER, List.of("country", "email")));
    }

    @Test
    void columnExpectationsAreGroupedByColumnInOrderOfFirstAppearance() {
        Suite suite = GreatExpectationsImport.convert(fixture("ge-suite.json")).suite();

        assertThat(suite.columns()).extracting(ColumnSpec::name).containsExactly("customer_id", "age", "plan",
                "country", "email", "name", "signup_date", "last_login", "settings", "monthly_fee", "days_left",
                "deleted_at");
        assertThat(suite.columns()).allSatisfy(c -> {
            assertThat(c.type()).isNull();
            assertThat(c.nullable()).isTrue();
            assertThat(c.unique()).isFalse();
            assertThat(c.coerce()).isFalse();
        });
        List<String> plans = List.of("basic", "pro", "enterprise");
        Map<String, List<CheckSpec>> expected = Map.ofEntries(
                Map.entry("customer_id", List.of(check(NOT_NULL, null), check(UNIQUE, null), check(TYPE, "integer"),
                        check(UNIQUE_PROPORTION_BETWEEN, Map.of("min", 1.0, "max", 1.0)))),
                Map.entry("age", List.of(check(BETWEEN, Map.of("min", 18, "max", 120), 0.99),
                        check(TYPE, "integer"),
                        check(QUANTILES_BETWEEN, Map.of("quantiles", List.of(0.05, 0.5, 0.95),
                                "ranges", List.of(Arrays.asList(null, 25), List.of(30, 50), Arrays.asList(60, null)))))),
                Map.entry("plan", List.of(check(IN_SET, plans), check(NOT_IN_SET, List.of("trial")),
                        check(DISTINCT_EQUAL_SET, plans), check(MOST_COMMON_IN_SET, List.of("basic")))),
                Map.entry("country", List.of(check(DISTINCT_IN_SET, List.of("US", "DE", "FR", "JP")),
                        check(DISTINCT_CONTAIN_SET, List.of("US")), check(LENGTH_BETWEEN, Map.of("min", 2, "max", 2)),
                        check(UNIQUE_COUNT_BETWEEN, Map.of("min", 2, "max", 250)))),
                Map.entry("email", List.of(check(REGEX, "^[^@\\s]+@[^@\\s]+\\.[a-z]+$", 0.95),
                        check(NOT_REGEX, "@example\\.com$"))),
                Map.entry("name", List.of(check(LENGTH_BETWEEN, Map.of("min", 1, "max", 80)))),
                Map.entry("signup_date", List.of(check(DATETIME_FORMAT, "%Y-%m-%d"), check(INCREASING, null))),
                Map.entry("last_login", List.of(check(DATETIME_PARSEABLE, null))),
                Map.entry("settings", List.of(check(JSON_PARSEABLE, null))),
                Map.entry("monthly_fee", List.of(check(MEAN_BETWEEN, Map.of("min", 20.5, "max", 80)),
                        check(MEDIAN_BETWEEN, Map.of("min", 10)),
                        check(MIN_BETWEEN, Map.of("min", 0, "max", 5, "strict_min", true)),
                        check(MAX_BETWEEN, Map.of("max", 500)),
                        check(STDEV_BETWEEN, Map.of("min", 1.5, "max", 40)),
                        check(SUM_BETWEEN, Map.of("min", 1000.0)),
                        check(Z_SCORE_BELOW, Map.of("threshold", 3, "double_sided", true), 0.98))),
                Map.entry("days_left", List.of(check(DECREASING, Map.of("strict", true)))),
                Map.entry("deleted_at", List.of(new CheckSpec(NULL, null, 1.0, Severity.WARNING, 0))));
        assertThat(suite.columns()).allSatisfy(c -> assertThat(c.checks()).as(c.name())
                .containsExactlyElementsOf(expected.get(c.name())));
    }

    @Test
    void aTypeListOfSeveralBackendsIsTheTypeItsKnownNamesShare(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path file = java.nio.file.Files.writeString(dir.resolve("profiled.json"), """
                {"expectation_suite_name": "BasicDatasetProfiler", "expectations": [
                  {"expectation_type": "expect_column_values_to_be_in_type_list", "kwargs": {"column": "id",
                   "type_list": ["BIGINT", "BYTEINT", "DECIMAL", "INT", "IntegerType", "LongType", "int"],
                   "result_format": "SUMMARY"}},
                  {"expectation_type": "expect_column_values_to_be_in_type_list", "kwargs": {"column": "name",
                   "type_list": ["CHAR", "StringType", "TEXT", "VARCHAR", "str", "string"]}}]}
                """);
        Suite suite = GreatExpectationsImport.convert(file).suite();
        assertThat(suite.columns()).extracting(c -> c.checks().get(0).argument()).containsExactly("float", "string");
    }

    @Test
    void theFixtureUsesEveryCheckThatGreatExpectationsHas() {
        Suite suite = GreatExpectationsImport.convert(fixture("ge-suite.json")).suite();

        Stream<CheckSpec> all = Stream.concat(suite.checks().stream(),
                suite.columns().stream().flatMap(c -> c.checks().stream()));
        assertThat(all.map(CheckSpec::type).distinct()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(CheckType.values()).filter(t -> !t.greatExpectations().isEmpty()).toList());
    }

    @Test
    void everyExpectationLeftOutIsListedWithTheReason() {
        List<String> skipped = GreatExpectationsImport.convert(fixture("ge-suite.json")).skipped();

        assertThat(skipped).containsExactly(
                "expect_column_kl_divergence_to_be_less_than (expectation 43): not supported",
                "expect_column_values_to_match_json_schema (expectation 44): not supported",
                "expect_column_values_to_be_of_type (expectation 45): type 'geometry' has no Capstan type",
                "expect_column_values_to_be_in_type_list (expectation 46): type_list [int, str] is not one "
                        + "Capstan type (string, integer)",
                "expect_column_values_to_be_in_set (expectation 47): missing kwarg 'value_set'",
                "expect_column_values_to_be_between (expectation 48): kwarg 'row_condition' is not supported",
                "expect_column_values_to_be_between (expectation 49): kwarg 'max_value' is the suite parameter "
                        + "'max_age', which Capstan does not evaluate",
                "expect_column_values_to_match_regex (expectation 50): regex '(?P<user>[^@]+)@' is not a Java "
                        + "regular expression: Unknown inline modifier");
    }

    @Test
    void greatExpectations1SuitesConvertWithKwargsInsideOrBesideTheExpectation() {
        GreatExpectationsImport.Result result = GreatExpectationsImport.convert(fixture("ge-suite-v1.json"));

        assertThat(result.suite().name()).isEqualTo("trips");
        assertThat(result.suite().columns()).containsExactly(
                ColumnSpec.of("trip_id", List.of(check(NOT_NULL, null))),
                ColumnSpec.of("fare", List.of(new CheckSpec(BETWEEN,
                        Map.of("min", 0, "max", 500.0, "strict_min", true), 0.999, Severity.WARNING, 0))),
                ColumnSpec.of("payment", List.of(new CheckSpec(IN_SET, List.of("card", "cash"), 1.0,
                        Severity.WARNING, 0))));
        assertThat(result.suite().checks()).containsExactly(
                check(PAIR_GREATER, Map.of("a", "dropoff_at", "b", "pickup_at")),
                check(ROW_COUNT_BETWEEN, Map.of("min", 1)));
        assertThat(result.skipped()).containsExactly("unexpected_rows_expectation (expectation 6): not supported");
    }

    @Test
    void convertedSuitesReadBackFromTheirFilesWithTheSameChecks() {
        for (String name : List.of("ge-suite.json", "ge-suite-v1.json")) {
            Suite converted = GreatExpectationsImport.convert(fixture(name)).suite();
            Path file = dir.resolve(name + ".yaml");

            converted.write(file);
            Suite read = Suite.read(file);

            assertThat(read.name()).isEqualTo(converted.name());
            assertThat(read.checks()).map(GreatExpectationsImportTest::lineless).isEqualTo(converted.checks());
            assertThat(read.columns()).map(GreatExpectationsImportTest::lineless).isEqualTo(converted.columns());
        }
    }

    @Test
    void malformedJsonNamesTheFileLineAndColumn() throws Exception {
        Path file = Files.writeString(dir.resolve("broken.json"),
                "{\"expectations\": [\n  {\"expectation_type\": \"expect_column_values_to_be_unique\",}\n]}\n");

        assertThatThrownBy(() -> GreatExpectationsImport.convert(file))
                .isInstanceOf(CapstanException.class)
                .hasMessageStartingWith(file + ": JSON syntax error at line 2, column ");
    }

    @Test
    void aFileThatIsNotASuiteIsRefused() throws Exception {
        Path results = Files.writeString(dir.resolve("results.json"), "{\"results\": [], \"success\": true}");
        Path nameless = Files.writeString(dir.resolve("nameless.json"),
                "{\"expectations\": [{\"kwargs\": {\"column\": \"a\"}}]}");

        assertThatThrownBy(() -> GreatExpectationsImport.convert(results))
                .hasMessage(results + ": a Great Expectations suite has an 'expectations' list");
        assertThatThrownBy(() -> GreatExpectationsImport.convert(nameless))
                .hasMessage(nameless + ": expectation 1 has no 'expectation_type' (GE 0.x) or 'type' (GE 1.x)");
        assertThatThrownBy(() -> GreatExpectationsImport.convert(dir.resolve("absent.json")))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void aSuiteWithoutANameIsNamedAfterItsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("orders.json"), "{\"expectations\": []}");

        GreatExpectationsImport.Result result = GreatExpectationsImport.convert(file);

        assertThat(result.suite()).isEqualTo(new Suite("orders", List.of(), List.of(), null));
        assertThat(result.skipped()).isEmpty();
    }

    private static CheckSpec check(CheckType type, Object argument) {
        return CheckSpec.of(type, argument);
    }

    private static CheckSpec check(CheckType type, Object argument, double mostly) {
        return new CheckSpec(type, argument, mostly, Severity.ERROR, 0);
    }

    private static CheckSpec lineless(CheckSpec c) {
        return new CheckSpec(c.type(), c.argument(), c.mostly(), c.severity(), 0);
    }

    private static ColumnSpec lineless(ColumnSpec c) {
        return new ColumnSpec(c.name(), c.type(), c.nullable(), c.unique(), c.coerce(),
                c.checks().stream().map(GreatExpectationsImportTest::lineless).toList(), 0);
    }

    static Path fixture(String name) {
        try {
            return Path.of(Objects.requireNonNull(GreatExpectationsImportTest.class
                    .getResource("/validate/" + name)).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
