package dev.capstan.data.remote;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.data.DvcConfig;
import dev.capstan.data.DvcConfig.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataRemotesTest {

    @TempDir
    Path repo;

    @Test
    void aRelativeLocalUrlIsRelativeToTheDvcDirectoryAsInDvc() throws IOException {
        DvcConfig config = DvcConfig.load(repo).set(Level.REPO, DvcConfig.remoteSection("store"), "url", "../../store")
                .set(Level.REPO, "core", "remote", "store");
        Path object = repo.resolveSibling("store").resolve(DataRemote.key("d8e8fca2dc0f896fd7cb4cb0031ba249"));
        Files.createDirectories(object.getParent());
        Files.writeString(object, "test\n");

        try (DataRemote remote = DataRemotes.open(repo, config, null)) {
            assertThat(remote.url()).isEqualTo("../../store");
            assertThat(remote.contains(List.of("d8e8fca2dc0f896fd7cb4cb0031ba249"))).hasSize(1);
        }
    }

    @Test
    void unknownOrUnsupportedRemotesAreClearErrors() {
        DvcConfig config = DvcConfig.load(repo).set(Level.REPO, DvcConfig.remoteSection("gcs"), "url", "gs://bucket/x");

        assertThatThrownBy(() -> DataRemotes.open(repo, config, null)).hasMessageContaining("no default remote set");
        assertThatThrownBy(() -> DataRemotes.open(repo, config, "nope"))
                .isInstanceOfSatisfying(CapstanException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST))
                .hasMessageContaining("known remotes are [gcs]");
        assertThatThrownBy(() -> DataRemotes.open(repo, config, "gcs"))
                .hasMessageContaining("only local directories and s3:// remotes are supported");
    }
}
