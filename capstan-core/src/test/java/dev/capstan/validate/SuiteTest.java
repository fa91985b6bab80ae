package dev.capstan.validate;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SuiteTest {

    @TempDir
    Path dir;

    @Test
    void aSuiteReadsBackWhatItWrites() {
        Suite suite = new Suite("round trip", List.of(
                new ColumnSpec("name, with: comma", ColumnType.STRING, false, true, false, List.of(
                        CheckSpec.of(CheckType.IN_SET, List.of("a, b", "c: d", "[e]", "#f", "'g'")),
                        new CheckSpec(CheckType.REGEX, "^[A-Z]{2}-\\d+$", 0.9, Severity.WARNING, 0)), 0),
                new ColumnSpec("when", ColumnType.DATE, true, false, true, List.of(
                        CheckSpec.of(CheckType.BETWEEN, Map.of("min", "2024-01-01", "strict_max", true,
                                "max", "2025-01-01")),
                        CheckSpec.of(CheckType.QUANTILES_BETWEEN, Map.of("quantiles", List.of(0.5),
                                "ranges", List.of(java.util.Arrays.asList(null, 3)))),
                        CheckSpec.of(CheckType.NOT_NULL, null)), 0)),
                List.of(CheckSpec.of(CheckType.ROW_COUNT_EQUAL, 10), CheckSpec.of(CheckType.UNIQUE_TOGETHER,
                        List.of("when", "name, with: comma"))), null);
        Path file = dir.resolve("suite.yaml");
        suite.write(file);

        Suite read = Suite.read(file);

        assertThat(read.name()).isEqualTo("round trip");
        assertThat(withoutLines(read.columns())).isEqualTo(suite.columns());
        assertThat(read.checks()).extracting(CheckSpec::type, CheckSpec::argument)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CheckType.ROW_COUNT_EQUAL, 10),
                        org.assertj.core.groups.Tuple.tuple(CheckType.UNIQUE_TOGETHER,
                                List.of("when", "name, with: comma")));
    }

    private static List<ColumnSpec> withoutLines(List<ColumnSpec> columns) {
        return columns.stream().map(c -> new ColumnSpec(c.name(), c.type(), c.nullable(), c.unique(), c.coerce(),
                c.checks().stream().map(k -> new CheckSpec(k.type(), k.argument(), k.mostly(), k.severity(), 0))
                        .toList(), 0)).toList();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "columns:\\n  a:\\n    checks:\\n      - betwen: {min: 1}\\n | suite.yaml:4: unknown check 'betwen'",
        "columns:\\n  a:\\n    checks:\\n      - row_count_equal: 3\\n | suite.yaml:4: 'row_count_equal' is a table-level check",
        "checks:\\n  - between: {min: 1}\\n | suite.yaml:2: 'between' is a column-level check",
        "columns:\\n  a:\\n    checks:\\n      - between: {min: 1}\\n        mostly: 0\\n | suite.yaml:5: 'mostly' must be a fraction in (0, 1]",
        "columns:\\n  a:\\n    checks:\\n      - not_null\\n        severity: fatal\\n | suite.yaml",
        "columns:\\n  a:\\n    checks:\\n      - unique:\\n        severity: fatal\\n | suite.yaml:5: 'severity' must be error or warning, found 'fatal'",
        "columns:\\n  a:\\n    nulable: false\\n | suite.yaml:3: unknown key 'nulable' in column 'a'",
        "columns:\\n  a:\\n    type: text64\\n | suite.yaml:3: unknown type 'text64'",
        "columns:\\n  a:\\n    nullable: 'no'\\n | suite.yaml:3: 'nullable' must be true or false, found 'no'",
        "colums: {}\\n | suite.yaml:1: unknown key 'colums' in suite",
        "columns:\\n  a:\\n    checks:\\n      - between: {min: 5, max: 1}\\n | suite.yaml:4: 'between' has min 5 above max 1",
        "columns:\\n  a:\\n    checks:\\n      - between: {}\\n | suite.yaml:4: 'between' needs 'min', 'max' or both",
        "columns:\\n  a:\\n    checks:\\n      - between: {min: 1, low: 2}\\n | suite.yaml:4: 'between' has no key 'low'",
        "columns:\\n  a:\\n    checks:\\n      - in_set: x\\n | suite.yaml:4: 'in_set' takes a list, found 'x'",
        "columns:\\n  a:\\n    checks:\\n      - unique: 3\\n | suite.yaml:4: 'unique' takes no argument, found '3'",
        "columns:\\n  a:\\n    checks:\\n      - z_score_below: {double_sided: true}\\n | suite.yaml:4: 'z_score_below' needs 'threshold'",
        "columns:\\n  a:\\n    checks:\\n      - {in_set: [1], not_null: true}\\n | suite.yaml:4: a check names exactly one check",
        "columns:\\n  a:\\n    checks: {between: 1}\\n | suite.yaml:3: 'checks' must be a list of checks",
        "version: 2\\n | suite.yaml:1: suite format version 2 is not supported",
    })
    void aBadSuiteIsRefusedWithItsLine(String yaml, String message) throws IOException {
        Path file = Files.writeString(dir.resolve("suite.yaml"), yaml.replace("\\n", "\n"));
        assertThatThrownBy(() -> Suite.read(file)).isInstanceOf(CapstanException.class)
                .hasMessageContaining(message.trim());
    }
}
