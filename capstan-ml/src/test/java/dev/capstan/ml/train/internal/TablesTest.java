package dev.capstan.ml.train.internal;

import dev.capstan.validate.TableSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TablesTest {

    @Test
    void numericColumnsAreDoublesAndTextAfterManyNumbersKeepsEveryValueAsWritten(@TempDir Path dir)
            throws IOException {
        int rows = TableSource.BATCH_ROWS + 2;
        StringBuilder csv = new StringBuilder("x,code\n");
        for (int r = 0; r < rows; r++) {
            csv.append(r == 1 ? "" : r + ".50").append(',').append(r == rows - 1 ? "A7" : "0" + r).append('\n');
        }
        Files.writeString(dir.resolve("t.csv"), csv);

        Tables.Columns table = Tables.readBatches(dir.resolve("t.csv"));

        double[] x = (double[]) table.column("x", "feature");
        assertThat(x).hasSize(rows);
        assertThat(x[0]).isEqualTo(0.5);
        assertThat(x[1]).isNaN();
        Object[] code = (Object[]) table.column("code", "feature");
        assertThat(code[0]).isEqualTo("00");
        assertThat(code[rows - 1]).isEqualTo("A7");
    }
}
