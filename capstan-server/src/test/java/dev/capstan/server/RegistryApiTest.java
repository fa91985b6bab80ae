package dev.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.tracking.MlflowClient;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The model registry REST API as the Python client calls it, and as the official Java client reads it. */
class RegistryApiTest {

    private static final String API = "/api/2.0/mlflow/";

    @TempDir
    static Path dir;
    private static TestServer server;
    private static String runId;

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer(dir);
        String experiment = ok(server.post(API + "experiments/create", "{\"name\": \"registry\"}")).get("experiment_id").asText();
        runId = ok(server.post(API + "runs/create", "{\"experiment_id\": \"" + experiment + "\"}")).at("/run/info/run_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pythonClientFlow() throws IOException {
        String name = unique();
        JsonNode created = ok(server.post(API + "registered-models/create", "{\"name\": \"" + name
                + "\", \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}], \"description\": \"d\"}"));
        assertThat(created.at("/registered_model/name").asText()).isEqualTo(name);
        JsonNode version = ok(server.post(API + "model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"runs:/"
                + runId + "/model\", \"run_id\": \"" + runId + "\"}"));
        assertThat(version.at("/model_version/version").asText()).isEqualTo("1");
        assertThat(version.at("/model_version/current_stage").asText()).isEqualTo("None");
        assertThat(version.at("/model_version/status").asText()).isEqualTo("READY");

        ok(send("PATCH", API + "model-versions/update", "{\"name\": \"" + name + "\", \"version\": \"1\", \"description\": \"first\"}"));
        JsonNode moved = ok(server.post(API + "model-versions/transition-stage", "{\"name\": \"" + name
                + "\", \"version\": \"1\", \"stage\": \"production\", \"archive_existing_versions\": true}"));
        assertThat(moved.at("/model_version/current_stage").asText()).isEqualTo("Production");
        ok(server.post(API + "registered-models/alias", "{\"name\": \"" + name + "\", \"alias\": \"champion\", \"version\": \"1\"}"));
        JsonNode byAlias = ok(server.get(API + "registered-models/alias?name=" + enc(name) + "&alias=champion"));
        assertThat(byAlias.at("/model_version/aliases/0").asText()).isEqualTo("champion");
        JsonNode latest = ok(server.post(API + "registered-models/get-latest-versions", "{\"name\": \"" + name
                + "\", \"stages\": [\"Production\"]}"));
        assertThat(latest.at("/model_versions/0/version").asText()).isEqualTo("1");
        JsonNode download = ok(server.get(API + "model-versions/get-download-uri?name=" + enc(name) + "&version=1"));
        assertThat(download.get("artifact_uri").asText()).endsWith(runId + "/artifacts/model");
        JsonNode search = ok(server.get(API + "model-versions/search?filter=" + enc("name = '" + name + "'")));
        assertThat(search.get("model_versions")).hasSize(1);
        JsonNode models = ok(server.get(API + "registered-models/search?filter=" + enc("name LIKE '" + name + "%'")
                + "&max_results=10&order_by=name"));
        assertThat(models.at("/registered_models/0/aliases/0/alias").asText()).isEqualTo("champion");
        assertThat(models.at("/registered_models/0/latest_versions/0/current_stage").asText()).isEqualTo("Production");

        ok(send("DELETE", API + "registered-models/alias", "{\"name\": \"" + name + "\", \"alias\": \"champion\"}"));
        ok(send("DELETE", API + "model-versions/delete", "{\"name\": \"" + name + "\", \"version\": \"1\"}"));
        assertThat(server.get(API + "model-versions/get?name=" + enc(name) + "&version=1").statusCode()).isEqualTo(404);
        ok(send("DELETE", API + "registered-models/delete?name=" + enc(name), ""));
        HttpResponse<String> gone = server.get(API + "registered-models/get?name=" + enc(name));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).contains("RESOURCE_DOES_NOT_EXIST");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/", "file://./etc", "//proc/self/root", "runs:/RUN/../../etc",
        "mlflow-artifacts:/1/%252e%252e/%252e%252e/etc", "http://169.254.169.254/latest"})
    void sourcesOutsideTheStoreAreRejectedOverHttp(String source) throws IOException {
        String name = unique();
        ok(server.post(API + "registered-models/create", "{\"name\": \"" + name + "\"}"));
        HttpResponse<String> response = server.post(API + "model-versions/create", "{\"name\": \"" + name
                + "\", \"source\": \"" + source.replace("RUN", runId) + "\", \"run_id\": \"" + runId + "\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(response.body()).get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    @Test
    void officialJavaClientReadsTheRegistry() throws IOException {
        String name = unique();
        ok(server.post(API + "registered-models/create", "{\"name\": \"" + name + "\"}"));
        ok(server.post(API + "model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"runs:/" + runId + "/m\"}"));
        ok(server.post(API + "model-versions/transition-stage", "{\"name\": \"" + name
                + "\", \"version\": \"1\", \"stage\": \"Staging\"}"));
        try (MlflowClient client = new MlflowClient(server.url())) {
            assertThat(client.getRegisteredModel(name).getName()).isEqualTo(name);
            ModelVersion v = client.getModelVersion(name, "1");
            assertThat(v.getCurrentStage()).isEqualTo("Staging");
            assertThat(v.getRunId()).isEmpty();
            assertThat(client.getLatestVersions(name, List.of("Staging"))).extracting(ModelVersion::getVersion)
                    .containsExactly("1");
            assertThat(client.searchModelVersions("name = '" + name + "'").getItems()).hasSize(1);
            assertThat(client.getModelVersionDownloadUri(name, "1")).endsWith(runId + "/artifacts/m");
        }
    }

    @Test
    void versionLockEndpointNamesTheClaimedApprover() throws IOException {
        String name = unique();
        String basicAna = "Basic " + Base64.getEncoder().encodeToString("ana:secret".getBytes(StandardCharsets.UTF_8));
        ok(server.post(API + "registered-models/create", "{\"name\": \"" + name + "\"}"));
        JsonNode created = ok(server.send(json(API + "model-versions/create", "{\"name\": \"" + name
                + "\", \"source\": \"runs:/" + runId + "/m\"}").header("Authorization", basicAna)));
        assertThat(created.at("/model_version/user_id").asText()).isEqualTo("ana");
        ok(server.send(json(API + "model-versions/transition-stage", "{\"name\": \"" + name
                + "\", \"version\": \"1\", \"stage\": \"Production\"}").header("Authorization", basicAna)));
        ok(server.send(json(API + "registered-models/alias", "{\"name\": \"" + name
                + "\", \"alias\": \"champion\", \"version\": \"1\"}").header("Authorization", "Basic %%%")));

        JsonNode lock = ok(server.get("/api/2.0/capstan/model-versions/lock?name=" + enc(name) + "&version=1"));
        assertThat(lock.at("/version_lock/run_id").asText()).isEqualTo(runId);
        assertThat(lock.at("/version_lock/approvals/0/action").asText()).isEqualTo("stage:Production");
        assertThat(lock.at("/version_lock/approvals/0/approved_by").asText()).isEqualTo("ana");
        assertThat(lock.at("/version_lock/approvals/1/approved_by").asText()).as("malformed credentials")
                .isEqualTo("anonymous");

        HttpResponse<String> missing = server.get("/api/2.0/capstan/model-versions/lock?name=" + enc(name) + "&version=7");
        assertThat(missing.statusCode()).isEqualTo(404);
        HttpResponse<String> noVersion = server.get("/api/2.0/capstan/model-versions/lock?name=" + enc(name));
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("version");
    }

    private static HttpRequest.Builder json(String path, String body) {
        return HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpResponse<String> send(String method, String path, String body) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String unique() {
        return "model-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
