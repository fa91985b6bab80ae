package dev.capstan.validate;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Choosing a reader by file extension, the failures shared by all files, and rows given in memory. */
class TableSourcesTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNotFound() {
        Path file = dir.resolve("nope.csv");

        assertThatThrownBy(() -> TableSources.open(file))
                .isInstanceOf(CapstanException.class)
                .hasMessage("%s: no such file", file)
                .satisfies(e -> assertThat(((CapstanException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void anUnknownExtensionNamesTheSupportedOnes() throws IOException {
        Path file = Files.writeString(dir.resolve("data.xlsx"), "a,b\n");

        assertThatThrownBy(() -> TableSources.open(file))
                .hasMessage("%s: unknown table format; supported extensions: .csv, .tsv, .parquet, "
                        + "and JSON lines as .jsonl, .ndjson or .json", file)
                .satisfies(e -> assertThat(((CapstanException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void aDirectoryIsInvalid() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("table.csv"));

        assertThatThrownBy(() -> TableSources.open(folder))
                .hasMessage("%s: is a directory, expected a table file", folder)
                .satisfies(e -> assertThat(((CapstanException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
    }

    @Test
    void rowsInMemoryAreNormalizedLikeJsonLines() {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("i", 3);
        first.put("f", 2.5f);
        first.put("d", new BigDecimal("1.25"));
        first.put("big", new BigInteger("123456789012345678901234567890"));
        first.put("b", true);
        first.put("s", "x");
        first.put("nested", Map.of("k", List.of(1, 2)));
        first.put("day", LocalDate.of(2024, 5, 1));
        Map<String, Object> second = new HashMap<>();
        second.put("i", (short) 4);
        second.put("f", Double.NaN);
        second.put("s", null);
        List<String> columns = List.of("i", "f", "d", "big", "b", "s", "nested", "day");

        TableSource source = TableSources.of("request", columns, List.of(first, second));

        assertThat(source.name()).isEqualTo("request");
        assertThat(source.columns()).isEqualTo(columns);
        assertThat(SourceRows.rows(source)).containsExactly(
                Arrays.asList(3L, 2.5, 1.25, 1.2345678901234568E29, true, "x", "{\"k\":[1,2]}",
                        LocalDate.of(2024, 5, 1)),
                Arrays.asList(4L, null, null, null, null, null, null, null));
    }

    @Test
    void rowsInMemoryComeInBatches() {
        List<Map<String, Object>> rows = IntStream.range(0, TableSource.BATCH_ROWS + 1)
                .mapToObj(i -> Map.<String, Object>of("n", i)).toList();

        List<Batch> batches = SourceRows.batches(TableSources.of("rows", List.of("n"), rows));

        assertThat(batches).extracting(Batch::size).containsExactly(TableSource.BATCH_ROWS, 1);
        assertThat(batches.get(1).firstRow()).isEqualTo(TableSource.BATCH_ROWS);
        assertThat(batches.get(1).columns().get(0).value(0)).isEqualTo((long) TableSource.BATCH_ROWS);
        assertThat(SourceRows.batches(TableSources.of("none", List.of("n"), List.of()))).isEmpty();
    }

    @Test
    void aKeyThatIsNotAColumnIsAnError() {
        TableSource source = TableSources.of("request", List.of("a"), List.of(Map.of("a", 1), Map.of("b", 2)));

        assertThatThrownBy(source::next)
                .hasMessage("request: row 1 has key 'b', which is not one of the columns [a]");
    }
}
