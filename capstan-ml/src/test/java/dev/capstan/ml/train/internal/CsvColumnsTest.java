package dev.capstan.ml.train.internal;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvColumnsTest {

    private static final long[] RANGE_BYTES = {1, 2, 3, 7, 16, 61, 1 << 20};

    @Test
    void randomTablesReadAsTheGeneralReaderReadsThemWhereverTheRangesSplitThem(@TempDir Path dir)
            throws IOException {
        for (int seed = 0; seed < 40; seed++) {
            Random random = new Random(seed);
            char separator = seed % 5 == 4 ? '\t' : ',';
            Path file = dir.resolve("t" + seed + (separator == ',' ? ".csv" : ".tsv"));
            Files.write(file, table(random, separator).getBytes(StandardCharsets.UTF_8));
            Tables.Columns expected = Tables.readBatches(file);

            for (long rangeBytes : RANGE_BYTES) {
                Tables.Columns read = CsvColumns.read(file, separator, rangeBytes);
                assertThat(read).as("seed %d, ranges of %d bytes", seed, rangeBytes).isNotNull();
                assertSameTable(read, expected, "seed " + seed + ", ranges of " + rangeBytes + " bytes");
            }
            assertSameTable(Tables.read(file), expected, "seed " + seed);
        }
    }

    @Test
    void aHeaderOnlyTableHasNoRows(@TempDir Path dir) throws IOException {
        for (String content : new String[]{"a,b\n", "a,b", "a,b\r\n"}) {
            Path file = dir.resolve("empty.csv");
            Files.writeString(file, content);
            Tables.Columns read = CsvColumns.read(file, ',', 1);
            assertThat(read).isNotNull();
            assertThat(read.rows()).isZero();
            assertSameTable(read, Tables.readBatches(file), content);
        }
    }

    @Test
    void filesItDoesNotReadAreLeftToTheGeneralReader(@TempDir Path dir) throws IOException {
        String[] others = {
            "a,b\n1,\"2,5\"\n",   // a quoted field
            "\"a\",b\n1,2\n",     // a quoted header
            "a,b\n1,2\r3,4\n",    // a carriage return that ends no line
            "\na,b\n1,2\n",       // a blank line before the header
            "a,b\n 1,2\n",        // a line that starts with a space, which Jackson drops
            " a,b\n1,2\n",        // a header that starts with one
        };
        for (String content : others) {
            Path file = dir.resolve("other.csv");
            Files.writeString(file, content);
            Tables.Columns expected = Tables.readBatches(file);
            assertThat(CsvColumns.read(file, ',', 1)).as(content).isNull();
            assertSameTable(Tables.read(file), expected, content);
        }
    }

    @Test
    void badHeadersRowsOfAnotherWidthAndTextThatIsNotUtf8FailAsTheGeneralReaderFails(@TempDir Path dir)
            throws IOException {
        assertThatThrownBy(() -> Tables.read(dir.resolve("missing.csv"))).hasMessageContaining("no such file");
        Path twice = dir.resolve("twice.csv");
        Files.writeString(twice, "a,a\n1,2\n");
        assertThat(CsvColumns.read(twice, ',')).isNull();
        assertThatThrownBy(() -> Tables.read(twice)).hasMessageContaining("twice.csv:1: the header names columns "
                + "more than once: a");
        Path unnamed = dir.resolve("unnamed.csv");
        Files.writeString(unnamed, "a,\n1,2\n");
        assertThat(CsvColumns.read(unnamed, ',')).isNull();
        assertThatThrownBy(() -> Tables.read(unnamed)).hasMessageContaining("column 2 of the header has no name");

        Path wide = dir.resolve("wide.csv");
        Files.writeString(wide, "a,b\n1,2\n3,4,5\n");
        assertThat(CsvColumns.read(wide, ',')).isNull();
        assertThatThrownBy(() -> Tables.read(wide)).isInstanceOf(CapstanException.class)
                .hasMessageContaining("wide.csv:3: expected 2 fields as in the header, found 3");

        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, "a,b\n1,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(CsvColumns.read(latin1, ',')).isNull();
        assertThatThrownBy(() -> Tables.read(latin1)).isInstanceOf(CapstanException.class)
                .hasMessageContaining("not UTF-8");
    }

    /**
     * A table of a few hundred bytes: numbers of every shape, empty fields, text (some of it UTF-8, some of it
     * looking like numbers), blank lines, CRLF or LF, maybe a byte order mark and a last line without its newline.
     */
    private static String table(Random random, char separator) {
        int columns = 1 + random.nextInt(5);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            names.add("c" + c);
        }
        String newline = random.nextBoolean() ? "\n" : "\r\n";
        StringBuilder text = new StringBuilder(random.nextInt(4) == 0 ? "\uFEFF" : "");
        text.append(String.join(String.valueOf(separator), names)).append(newline);
        int[] kinds = random.ints(columns, 0, 4).toArray();
        int rows = random.nextInt(40);
        for (int r = 0; r < rows; r++) {
            if (random.nextInt(15) == 0) {
                text.append(newline);
            }
            for (int c = 0; c < columns; c++) {
                text.append(c == 0 ? "" : String.valueOf(separator)).append(field(random, kinds[c]));
            }
            if (r < rows - 1 || random.nextBoolean()) {
                text.append(newline);
            }
        }
        return text.toString();
    }

    private static String field(Random random, int kind) {
        if (random.nextInt(8) == 0) {
            return "";
        }
        return switch (kind) {
            case 0 -> Integer.toString(random.nextInt(2001) - 1000);
            case 1 -> String.format("%.5f", random.nextGaussian() * 100);
            case 2 -> List.of("1e3", "-2.5E-3", "12345678901234567890", ".5", "+7.", "0.1", "-0")
                    .get(random.nextInt(7));
            default -> List.of("red", "café", "0042", "1.50", "NaN", "A7", "日本", "3 ", "x y").get(random.nextInt(9));
        };
    }

    private static void assertSameTable(Tables.Columns actual, Tables.Columns expected, String what) {
        assertThat(actual.names()).as(what).isEqualTo(expected.names());
        assertThat(actual.rows()).as(what).isEqualTo(expected.rows());
        for (int c = 0; c < expected.names().size(); c++) {
            assertThat(actual.columns().get(c)).as("%s, column %d", what, c).isEqualTo(expected.columns().get(c));
        }
    }
}
