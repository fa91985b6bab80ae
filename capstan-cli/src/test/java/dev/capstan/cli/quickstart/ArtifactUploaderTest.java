package dev.capstan.cli.quickstart;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactUploaderTest {

    @Test
    void pathFollowsTheRunsProxiedArtifactUri() {
        assertThat(ArtifactUploader.encodedPath("mlflow-artifacts:/7/abc/artifacts", "my summary.json"))
                .isEqualTo("7/abc/artifacts/my%20summary.json");
        assertThat(ArtifactUploader.encodedPath("mlflow-artifacts://tracking:5000/7/abc/artifacts", "summary.json"))
                .isEqualTo("7/abc/artifacts/summary.json");
    }

    @Test
    void refusesLocationsTheServerDoesNotProxy() {
        assertThatThrownBy(() -> ArtifactUploader.encodedPath("s3://bucket/7/abc/artifacts", "summary.json"))
                .isInstanceOf(CapstanException.class).hasMessageContaining("does not proxy");
        assertThatThrownBy(() -> ArtifactUploader.encodedPath(null, "summary.json"))
                .isInstanceOf(CapstanException.class);
    }
}
