package dev.capstan.store.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MlflowHttpTest {

    @Test
    void credentialsComeFromMlflowsEnvironmentVariables() {
        assertThat(MlflowHttp.authorization(Map.of())).isNull();
        assertThat(MlflowHttp.authorization(Map.of("MLFLOW_TRACKING_TOKEN", "t0k", "MLFLOW_TRACKING_USERNAME", "ana")))
                .isEqualTo("Bearer t0k");
        String basic = MlflowHttp.authorization(Map.of("MLFLOW_TRACKING_USERNAME", "ana",
                "MLFLOW_TRACKING_PASSWORD", "s3:cret"));
        assertThat(basic).startsWith("Basic ");
        assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("ana:s3:cret");
        assertThat(MlflowHttp.authorization(Map.of("MLFLOW_TRACKING_USERNAME", ""))).isNull();
    }
}
