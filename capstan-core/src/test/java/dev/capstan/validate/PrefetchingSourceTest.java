package dev.capstan.validate;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrefetchingSourceTest {

    @TempDir
    Path dir;

    private Path csv(int rows, String brokenLine) throws IOException {
        List<String> lines = new ArrayList<>(List.of("a,b"));
        for (int i = 0; i < rows; i++) {
            lines.add(i + ",x" + i);
        }
        if (brokenLine != null) {
            lines.add(brokenLine);
        }
        return Files.write(dir.resolve("t.csv"), lines);
    }

    @Test
    void theBatchesAreThoseOfTheSourceInOrder() throws IOException {
        Path file = csv(3 * TableSource.BATCH_ROWS + 7, null);
        List<Long> firstRows = new ArrayList<>();
        long rows = 0;
        try (TableSource source = TableSources.prefetching(TableSources.open(file))) {
            assertThat(source.columns()).containsExactly("a", "b");
            for (Batch batch = source.next(); batch != null; batch = source.next()) {
                firstRows.add(batch.firstRow());
                assertThat(batch.columns().get(0).value(0)).isEqualTo(Long.toString(batch.firstRow()));
                rows += batch.size();
            }
            assertThat(source.next()).isNull();
        }
        assertThat(rows).isEqualTo(3L * TableSource.BATCH_ROWS + 7);
        assertThat(firstRows).containsExactly(0L, (long) TableSource.BATCH_ROWS, 2L * TableSource.BATCH_ROWS,
                3L * TableSource.BATCH_ROWS);
    }

    @Test
    void aReadingErrorReachesTheCallerWithItsLine() throws IOException {
        Path file = csv(TableSource.BATCH_ROWS + 5, "1,2,3");
        try (TableSource source = TableSources.prefetching(TableSources.open(file))) {
            assertThat(source.next()).isNotNull();
            assertThatThrownBy(source::next).isInstanceOf(CapstanException.class)
                    .hasMessageContaining("t.csv:" + (TableSource.BATCH_ROWS + 7));
        }
    }
}
