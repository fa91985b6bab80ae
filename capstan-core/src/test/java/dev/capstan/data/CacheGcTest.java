package dev.capstan.data;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code gc -w} on a real repository: what the workspace uses stays, the rest goes, temporary leftovers too. */
class CacheGcTest {

    @TempDir
    Path dir;

    @Test
    void removesOnlyWhatNoDvcFileUses() throws IOException {
        DataRepo repo = DataRepo.init(dir, true, false);
        DataRepos.write(dir.resolve("a.csv"), "version 1\n");
        DataRepos.write(dir.resolve("images/x.png"), "x");
        DataRepos.write(dir.resolve("images/y.png"), "y");
        try (DataVersioning data = new DataVersioning(repo)) {
            data.add(List.of(dir.resolve("a.csv"), dir.resolve("images")), ProgressListener.NONE);
        }
        String oldVersion = md5Of(repo, "a.csv.dvc");
        DataRepos.write(dir.resolve("a.csv"), "version 2\n");
        DataRepos.write(dir.resolve("images/y.png"), "y2");
        try (DataVersioning data = new DataVersioning(repo)) {
            data.add(List.of(dir.resolve("a.csv"), dir.resolve("images")), ProgressListener.NONE);
        }
        Path staleTemp = repo.cache().dir().resolve("files/md5/.staging.1234.tmp");
        Files.writeString(staleTemp, "half an object");
        Files.setLastModifiedTime(staleTemp, FileTime.from(Instant.now().minusSeconds(7200)));
        Path freshTemp = repo.cache().dir().resolve("files/md5/.staging.5678.tmp");
        Files.writeString(freshTemp, "being written right now");

        List<DvcFile> workspace;
        try (DataVersioning data = new DataVersioning(repo)) {
            workspace = data.dvcFiles();
        }
        CacheGc.Result dry = CacheGc.collect(repo.cache(), workspace, true);
        assertThat(dry.removed()).hasSize(3).contains(oldVersion);
        assertThat(repo.cache().contains(oldVersion)).as("a dry run removes nothing").isTrue();

        CacheGc.Result result = CacheGc.collect(repo.cache(), workspace, false);

        assertThat(result.removed()).containsExactlyInAnyOrderElementsOf(dry.removed());
        assertThat(result.kept()).isEqualTo(4);
        assertThat(result.staleTemps()).isEqualTo(1);
        assertThat(repo.cache().contains(oldVersion)).isFalse();
        assertThat(staleTemp).doesNotExist();
        assertThat(freshTemp).exists();
        try (DataVersioning data = new DataVersioning(repo)) {
            Files.delete(dir.resolve("a.csv"));
            assertThat(data.checkout(List.of(), true, ProgressListener.NONE).restored()).contains("a.csv");
        }
        assertThat(dir.resolve("a.csv")).hasContent("version 2");
    }

    @Test
    void aMissingDirectoryListingStopsGcBeforeItRemovesAnything() throws IOException {
        DataRepo repo = DataRepo.init(dir, true, false);
        DataRepos.write(dir.resolve("images/x.png"), "x");
        DataRepos.write(dir.resolve("orphan.bin"), "orphan");
        try (DataVersioning data = new DataVersioning(repo)) {
            data.add(List.of(dir.resolve("images"), dir.resolve("orphan.bin")), ProgressListener.NONE);
        }
        String orphan = md5Of(repo, "orphan.bin.dvc");
        Files.delete(dir.resolve("orphan.bin.dvc"));
        String listing = md5Of(repo, "images.dvc");
        Files.delete(repo.cache().objectPath(listing));

        List<DvcFile> workspace;
        try (DataVersioning data = new DataVersioning(repo)) {
            workspace = data.dvcFiles();
        }
        assertThatThrownBy(() -> CacheGc.collect(repo.cache(), workspace, false)).isInstanceOf(CapstanException.class)
                .hasMessageContaining(listing).hasMessageContaining("nothing was removed");
        assertThat(repo.cache().contains(orphan)).isTrue();
    }

    private static String md5Of(DataRepo repo, String dvcFile) {
        return DvcFile.read(repo.root().resolve(dvcFile)).outs().get(0).md5();
    }
}
