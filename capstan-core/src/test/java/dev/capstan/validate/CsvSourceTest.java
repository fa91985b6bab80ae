package dev.capstan.validate;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
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

/** CSV and TSV files read through {@link TableSources#open}, as RFC 4180 and pandas read them. */
class CsvSourceTest {

    @TempDir
    Path dir;

    @Test
    void readsQuotedSeparatorsQuotesAndLineBreaks() throws IOException {
        Path file = write("data.csv", "id,text,note\n1,\"a, b\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",x\n");

        try (TableSource source = TableSources.open(file)) {
            assertThat(source.name()).isEqualTo(file.toString());
            assertThat(source.columns()).containsExactly("id", "text", "note");
        }
        assertThat(SourceRows.rows(TableSources.open(file))).containsExactly(
                List.of("1", "a, b", "say \"hi\""),
                List.of("2", "two\nlines", "x"));
    }

    @Test
    void skipsTheByteOrderMarkAndReadsCrlf() throws IOException {
        Path file = write("bom.csv", "\uFEFFa,b\r\n1,2\r\n3,\"x\r\ny\"\r\n");

        TableSource source = TableSources.open(file);

        assertThat(source.columns()).containsExactly("a", "b");
        assertThat(SourceRows.rows(source)).containsExactly(List.of("1", "2"), List.of("3", "x\r\ny"));
    }

    @Test
    void emptyFieldsQuotedOrNotAreMissing() throws IOException {
        Path file = write("empty.csv", "a,b,c\n,\"\",x\n\"\",,\n");

        assertThat(SourceRows.rows(TableSources.open(file))).containsExactly(
                Arrays.asList(null, null, "x"),
                Arrays.asList(null, null, null));
    }

    @Test
    void skipsBlankLinesAndTrailingEmptyLine() throws IOException {
        Path file = write("blank.csv", "a,b\n1,2\n\n3,4\n\n");

        assertThat(SourceRows.rows(TableSources.open(file))).containsExactly(List.of("1", "2"), List.of("3", "4"));
    }

    @Test
    void headerOnlyIsATableWithoutRows() throws IOException {
        TableSource source = TableSources.open(write("header.csv", "a,b\n"));

        assertThat(source.columns()).containsExactly("a", "b");
        assertThat(SourceRows.batches(source)).isEmpty();
    }

    @Test
    void splitsRowsIntoBatches() throws IOException {
        int rows = TableSource.BATCH_ROWS * 2 + 5;
        StringBuilder text = new StringBuilder("n,square\n");
        for (int i = 0; i < rows; i++) {
            text.append(i).append(',').append((long) i * i).append('\n');
        }
        Path file = write("many.csv", text.toString());

        List<Batch> batches = SourceRows.batches(TableSources.open(file));

        assertThat(batches).extracting(Batch::size)
                .containsExactly(TableSource.BATCH_ROWS, TableSource.BATCH_ROWS, 5);
        assertThat(batches).extracting(Batch::firstRow)
                .containsExactly(0L, (long) TableSource.BATCH_ROWS, 2L * TableSource.BATCH_ROWS);
        Batch last = batches.get(2);
        assertThat(last.columns()).extracting(ColumnBatch::name).containsExactly("n", "square");
        assertThat(last.columns().get(0).value(0)).isEqualTo(String.valueOf(2 * TableSource.BATCH_ROWS));
        assertThat(last.columns().get(1).value(4)).isEqualTo(String.valueOf((long) (rows - 1) * (rows - 1)));
    }

    @Test
    void tooManyFieldsNameTheLineCountingQuotedLineBreaks() throws IOException {
        Path file = write("data.csv", "a,b\n1,\"x\ny\"\n2,3\n4,5,6\n");

        assertThatThrownBy(() -> SourceRows.rows(TableSources.open(file)))
                .isInstanceOf(CapstanException.class)
                .hasMessage("%s:5: expected 2 fields as in the header, found 3", file);
    }

    @Test
    void tooFewFieldsNameTheLine() throws IOException {
        Path file = write("data.csv", "a,b,c\n1,2,3\n\n4,5\n");

        assertThatThrownBy(() -> SourceRows.rows(TableSources.open(file)))
                .hasMessage("%s:4: expected 3 fields as in the header, found 2", file);
    }

    @Test
    void fieldCountErrorInALaterBatchNamesItsLine() throws IOException {
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < TableSource.BATCH_ROWS + 10; i++) {
            text.append(i).append(",x\n");
        }
        text.append("1,2,3\n");
        Path file = write("data.csv", text.toString());

        assertThatThrownBy(() -> SourceRows.rows(TableSources.open(file)))
                .hasMessage("%s:%d: expected 2 fields as in the header, found 3", file, TableSource.BATCH_ROWS + 12);
    }

    @Test
    void unterminatedQuoteNamesTheLineWhereTheRowStarts() throws IOException {
        Path file = write("data.csv", "a,b\n1,2\n3,\"open\nstill open\n");

        assertThatThrownBy(() -> SourceRows.rows(TableSources.open(file)))
                .isInstanceOf(CapstanException.class)
                .satisfies(e -> assertThat(((CapstanException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageStartingWith(file + ":3: malformed row: ")
                .hasMessageContaining("closing quote");
    }

    @Test
    void rejectsDuplicateAndEmptyHeaderNames() throws IOException {
        Path duplicate = write("dup.csv", "a,b,a,c,b\n1,2,3,4,5\n");
        Path empty = write("empty-name.csv", "a,,c\n1,2,3\n");

        assertThatThrownBy(() -> TableSources.open(duplicate))
                .hasMessage("%s:1: the header names columns more than once: a, b", duplicate);
        assertThatThrownBy(() -> TableSources.open(empty))
                .hasMessage("%s:1: column 2 of the header has no name", empty);
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path empty = write("empty.csv", "");
        Path blank = write("blank.csv", "\n\n");

        assertThatThrownBy(() -> TableSources.open(empty))
                .hasMessage("%s: the file is empty; expected a header line with the column names", empty);
        assertThatThrownBy(() -> TableSources.open(blank))
                .hasMessageContaining("the file is empty");
    }

    @Test
    void readsTabSeparatedFiles() throws IOException {
        Path file = write("data.TSV", "a\tb\n1\t\"x\ty\"\n,\t\n");

        TableSource source = TableSources.open(file);

        assertThat(source.columns()).containsExactly("a", "b");
        assertThat(SourceRows.rows(source)).containsExactly(List.of("1", "x\ty"), Arrays.asList(",", null));
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
