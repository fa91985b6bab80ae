package dev.capstan.store.artifact;

import dev.capstan.ErrorCode;
import dev.capstan.store.artifact.internal.FileArtifactStore;
import dev.capstan.store.artifact.internal.S3ArtifactStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.file.Path;

import static dev.capstan.store.artifact.ArtifactStoreContractTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

class ArtifactStoresTest {

    @TempDir
    Path temp;

    @Test
    void plainAbsolutePathsAreLocalStores() {
        ArtifactStore store = ArtifactStores.open(temp.toString());
        assertThat(store).isInstanceOf(FileArtifactStore.class);
        assertThat(store.root()).isEqualTo(temp.toUri());
    }

    @Test
    void relativePathsResolveAgainstTheWorkingDirectory() {
        ArtifactStore store = ArtifactStores.open(ArtifactStores.DEFAULT_DESTINATION);
        Path expected = Path.of("capstan-data/artifacts").toAbsolutePath();
        assertThat(store.root()).isEqualTo(expected.toUri());
    }

    @Test
    void fileUrisAreLocalStores() {
        ArtifactStore store = ArtifactStores.open(temp.toUri().toString());
        assertThat(store).isInstanceOf(FileArtifactStore.class);
        assertThat(Path.of(store.root())).isEqualTo(temp);
        assertThat(Path.of(ArtifactStores.open("file://localhost" + temp + "/./x/").root()))
                .isEqualTo(temp.resolve("x"));
    }

    @Test
    void s3UrisAreS3StoresAndConnectLazily() {
        ArtifactStore store = ArtifactStores.open("s3://some-bucket/some/prefix/");
        assertThat(store).isInstanceOf(S3ArtifactStore.class);
        assertThat(store.root()).isEqualTo(URI.create("s3://some-bucket/some/prefix"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hdfs://namenode/x", "gs://bucket/x", "http://host/x", "mlflow-artifacts:/0/abc",
            "runs:/abc/model", "ftp://host/x"})
    void otherSchemesAreRefusedNamingTheSupportedOnes(String uri) {
        assertCode(() -> ArtifactStores.open(uri), ErrorCode.INVALID_PARAMETER_VALUE, "file:///path or s3://bucket");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///tmp/../etc", "file:///tmp/%2e%2e/etc", "s3://bucket/a/../../b",
            "s3://bucket/%252e%252e", "s3://bucket/x#y", "file:relative"})
    void unsafeLocationsAreRefused(String uri) {
        assertCode(() -> ArtifactStores.open(uri), ErrorCode.INVALID_PARAMETER_VALUE, "Invalid artifact location");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void anEmptyUriIsRefused(String uri) {
        assertCode(() -> ArtifactStores.open(uri), ErrorCode.INVALID_PARAMETER_VALUE, "empty");
    }
}
