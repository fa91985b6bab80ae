package dev.capstan.validate;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON lines files read through {@link TableSources#open}: typed values, one object per line. */
class JsonLinesSourceTest {

    @TempDir
    Path dir;

    @Test
    void readsTypedValuesAndNestedJsonAsText() throws IOException {
        Path file = write("rows.jsonl", """
                {"s": "a", "i": 42, "f": 1.5, "b": true, "n": null, "o": {"k": [1, 2]}, "l": [1, "x"]}
                {"s": "b", "i": -7, "f": NaN, "b": false, "big": 123456789012345678901234567890, "e": 1e3}
                """);

        TableSource source = TableSources.open(file);

        assertThat(source.columns()).containsExactly("s", "i", "f", "b", "n", "o", "l", "big", "e");
        assertThat(SourceRows.rows(source)).containsExactly(
                Arrays.asList("a", 42L, 1.5, true, null, "{\"k\":[1,2]}", "[1,\"x\"]", null, null),
                Arrays.asList("b", -7L, null, false, null, null, null, 1.2345678901234568E29, 1000.0));
    }

    @Test
    void missingKeysAreNullAndBlankLinesAreSkipped() throws IOException {
        Path file = write("rows.ndjson", "\uFEFF{\"a\": 1}\n\n   \r\n{\"b\": \"x\"}\r\n{}\n");

        assertThat(SourceRows.rows(TableSources.open(file))).containsExactly(
                Arrays.asList(1L, null), Arrays.asList(null, "x"), Arrays.asList(null, null));
    }

    @Test
    void splitsRowsIntoBatches() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < TableSource.BATCH_ROWS + 3; i++) {
            text.append("{\"n\": ").append(i).append("}\n");
        }
        List<Batch> batches = SourceRows.batches(TableSources.open(write("rows.json", text.toString())));

        assertThat(batches).extracting(Batch::size).containsExactly(TableSource.BATCH_ROWS, 3);
        assertThat(batches).extracting(Batch::firstRow).containsExactly(0L, (long) TableSource.BATCH_ROWS);
        assertThat(batches.get(1).columns().get(0).value(2)).isEqualTo((long) TableSource.BATCH_ROWS + 2);
    }

    @Test
    void aKeyFirstSeenAfterTheFirstBatchIsAnError() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < TableSource.BATCH_ROWS; i++) {
            text.append("{\"a\": 1}\n");
        }
        text.append("{\"a\": 2, \"x\": 3}\n");
        Path file = write("rows.jsonl", text.toString());

        TableSource source = TableSources.open(file);

        assertThat(source.next().size()).isEqualTo(TableSource.BATCH_ROWS);
        assertThatThrownBy(source::next).isInstanceOf(CapstanException.class).hasMessage(
                "%s:%d: key 'x' is not in the first %d rows' columns [a]",
                file, TableSource.BATCH_ROWS + 1, TableSource.BATCH_ROWS);
        source.close();
    }

    @Test
    void malformedLineNamesItsLineAndJacksonsProblem() throws IOException {
        Path file = write("rows.jsonl", "{\"a\": 1}\n\n{\"a\": }\n");

        assertThatThrownBy(() -> TableSources.open(file))
                .isInstanceOf(CapstanException.class)
                .hasMessageStartingWith(file + ":3: malformed JSON: Unexpected character ('}'");
    }

    @Test
    void aLineThatIsNotOneObjectIsAnError() throws IOException {
        Path array = write("array.json", "[{\"a\": 1}]\n");
        Path two = write("two.jsonl", "{\"a\": 1}\n{\"a\": 2} {\"a\": 3}\n");
        Path duplicate = write("dup.jsonl", "{\"a\": 1, \"a\": 2}\n");

        assertThatThrownBy(() -> TableSources.open(array))
                .hasMessage("%s:1: expected one JSON object per line, found an array", array);
        assertThatThrownBy(() -> TableSources.open(two))
                .hasMessage("%s:2: more than one JSON value on the line", two);
        assertThatThrownBy(() -> TableSources.open(duplicate))
                .hasMessageStartingWith(duplicate + ":1: malformed JSON: Duplicate field 'a'");
    }

    @Test
    void anEmptyFileHasNoColumnsAndNoRows() throws IOException {
        TableSource source = TableSources.open(write("empty.jsonl", "\n"));

        assertThat(source.columns()).isEmpty();
        assertThat(SourceRows.batches(source)).isEmpty();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
