package dev.capstan.validate;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parquet files, written by DuckDB here, read through {@link TableSources#open}. */
class ParquetSourceTest {

    private static final int ROWS = TableSource.BATCH_ROWS + 100;

    @TempDir
    Path dir;

    @Test
    void readsTypedValuesInBatches() throws Exception {
        Path file = dir.resolve("data.parquet");
        copyToParquet("""
                SELECT i::INTEGER AS id,
                       CASE WHEN i = 1 THEN 'NaN'::DOUBLE WHEN i = 2 THEN NULL ELSE i / 4 END AS score,
                       'v' || i AS label,
                       i %% 2 = 0 AS even,
                       DATE '2024-01-01' + i::INTEGER AS day,
                       TIMESTAMP '2024-01-01 10:00:00' + INTERVAL (i) SECOND AS at,
                       (i * 1.25)::DECIMAL(10, 2) AS price,
                       i::DECIMAL(18, 0) AS whole,
                       TIME '10:30:00' AS clock
                FROM range(0, %d) t(i)""".formatted(ROWS), file);

        List<Batch> batches = SourceRows.batches(TableSources.open(file));

        assertThat(batches).extracting(Batch::size).containsExactly(TableSource.BATCH_ROWS, 100);
        assertThat(batches).extracting(Batch::firstRow).containsExactly(0L, (long) TableSource.BATCH_ROWS);
        assertThat(batches.get(0).columns()).extracting(ColumnBatch::name)
                .containsExactly("id", "score", "label", "even", "day", "at", "price", "whole", "clock");
        assertThat(row(batches.get(0), 0)).containsExactly(0L, 0.0, "v0", true, LocalDate.of(2024, 1, 1),
                LocalDateTime.of(2024, 1, 1, 10, 0), 0.0, 0L, "10:30");
        assertThat(row(batches.get(0), 1)).containsExactly(1L, null, "v1", false, LocalDate.of(2024, 1, 2),
                LocalDateTime.of(2024, 1, 1, 10, 0, 1), 1.25, 1L, "10:30");
        assertThat(row(batches.get(0), 2).get(1)).isNull();
        assertThat(row(batches.get(1), 99)).startsWith((long) ROWS - 1, (ROWS - 1) / 4.0, "v" + (ROWS - 1));
    }

    @Test
    void readsNullsOfEveryType() throws Exception {
        Path file = dir.resolve("nulls.parquet");
        copyToParquet("SELECT NULL::BIGINT AS a, NULL::VARCHAR AS b, NULL::BOOLEAN AS c, NULL::DATE AS d, "
                + "NULL::TIMESTAMP AS e, NULL::DECIMAL(18, 0) AS f", file);

        assertThat(SourceRows.rows(TableSources.open(file)))
                .containsExactly(Arrays.asList(null, null, null, null, null, null));
    }

    @Test
    void aFileThatIsNotParquetIsInvalid() throws IOException {
        Path file = Files.writeString(dir.resolve("broken.parquet"), "id,name\n1,x\n");

        assertThatThrownBy(() -> TableSources.open(file))
                .isInstanceOf(CapstanException.class)
                .hasMessageStartingWith(file + ": cannot read as Parquet: ")
                .hasMessageContaining("magic bytes")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aPathDuckDbWouldReadAsAGlobIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("part*.parquet"), "");

        assertThatThrownBy(() -> TableSources.open(file))
                .hasMessageContaining("path must not contain '*'");
    }

    private static List<Object> row(Batch batch, int row) {
        return batch.columns().stream().map(column -> column.value(row)).toList();
    }

    private static void copyToParquet(String query, Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + query + ") TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
    }
}
