package dev.capstan.store.artifact.internal;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3SettingsTest {

    @Test
    void awsDefaults() {
        assertThat(S3Settings.fromEnvironment(Map.of()))
                .isEqualTo(new S3Settings(null, Region.US_EAST_1, false));
    }

    @Test
    void mlflowsEndpointVariableWinsAndImpliesPathStyle() {
        S3Settings settings = S3Settings.fromEnvironment(Map.of(
                "MLFLOW_S3_ENDPOINT_URL", "http://minio:9000",
                "AWS_ENDPOINT_URL", "http://other:9000",
                "AWS_DEFAULT_REGION", "eu-west-1"));
        assertThat(settings).isEqualTo(new S3Settings(URI.create("http://minio:9000"), Region.EU_WEST_1, true));
    }

    @Test
    void awsVariablesAreTheFallback() {
        S3Settings settings = S3Settings.fromEnvironment(Map.of(
                "MLFLOW_S3_ENDPOINT_URL", " ",
                "AWS_ENDPOINT_URL", "https://s3.example.com",
                "AWS_REGION", "eu-central-1",
                "AWS_DEFAULT_REGION", "eu-west-1"));
        assertThat(settings).isEqualTo(
                new S3Settings(URI.create("https://s3.example.com"), Region.EU_CENTRAL_1, true));
    }

    @Test
    void anEndpointThatIsNoHttpUrlIsRefused() {
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("MLFLOW_S3_ENDPOINT_URL", "minio:9000")))
                .isInstanceOf(CapstanException.class)
                .hasMessageContaining("minio:9000");
    }

    @Test
    void buildsAClientWithoutConnecting() {
        try (S3Client client = S3Settings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:1")).newClient()) {
            assertThat(client.serviceClientConfiguration().endpointOverride()).contains(URI.create("http://127.0.0.1:1"));
        }
    }
}
