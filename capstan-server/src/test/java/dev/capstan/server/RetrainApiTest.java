package dev.capstan.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The retraining API on a real server: policies stored with the model, and the check of their triggers. */
class RetrainApiTest {

    private static final String MLFLOW = "/api/2.0/mlflow/";
    private static final String RETRAIN = "/api/2.0/capstan/retrain/";

    @TempDir
    static Path dir;
    private static TestServer server;
    private static String runId;

    @BeforeAll
    static void start() throws IOException {
        server = new TestServer(dir);
        String experiment = ok(server.post(MLFLOW + "experiments/create", "{\"name\": \"churn\"}"))
                .get("experiment_id").asText();
        runId = ok(server.post(MLFLOW + "runs/create", "{\"experiment_id\": \"" + experiment + "\"}"))
                .at("/run/info/run_id").asText();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void register(String name, int versions) throws IOException {
        ok(server.post(MLFLOW + "registered-models/create", "{\"name\": \"" + name + "\"}"));
        for (int v = 0; v < versions; v++) {
            ok(server.post(MLFLOW + "model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"runs:/"
                    + runId + "/model\", \"run_id\": \"" + runId + "\"}"));
        }
    }

    private static HttpResponse<String> setPolicy(String name, String yaml) throws IOException {
        return server.post(RETRAIN + "policy/set", Json.MAPPER.writeValueAsString(java.util.Map.of("name", name,
                "policy", yaml)));
    }

    @Test
    void aPolicyIsCheckedStoredWithTheModelAndReadBack() throws IOException {
        register("stored", 1);
        String yaml = "triggers: {dataset_drift: 0.5}\ntraining: {pipeline: dvc.yaml, target: train}\n";
        JsonNode set = ok(setPolicy("stored", yaml));
        assertThat(set.get("automatic").asBoolean()).isTrue();
        assertThat(ok(server.get(RETRAIN + "policy/get?name=stored")).get("policy").asText()).isEqualTo(yaml);
        JsonNode model = ok(server.get(MLFLOW + "registered-models/get?name=stored"));
        assertThat(model.at("/registered_model/tags/0/key").asText()).isEqualTo("capstan.retrain_policy");
    }

    @Test
    void aBadPolicyIsRefusedNamingTheFieldAndNothingIsStored() throws IOException {
        register("refused", 1);
        HttpResponse<String> bad = setPolicy("refused", "triggers: {dataset_drift: 2}\ntraining: {config: t.yaml}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("the retraining policy of refused: triggers.dataset_drift: expected a share "
                + "from 0 to 1, found 2");
        HttpResponse<String> none = server.get(RETRAIN + "policy/get?name=refused");
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(none.body()).contains("Model 'refused' has no retraining policy: set one with capstan retrain "
                + "policy set refused retrain.yaml");
        assertThat(setPolicy("ghost", "training: {config: t.yaml}").statusCode()).isEqualTo(404);
        assertThat(server.post(RETRAIN + "check", "{}").statusCode()).isEqualTo(400);
    }

    @Test
    void checkJudgesEachTriggerOnTheProductionVersionAndChangesNothing() throws Exception {
        register("aging", 2);
        ok(server.post(MLFLOW + "registered-models/alias", "{\"name\": \"aging\", \"alias\": \"champion\", "
                + "\"version\": \"1\"}"));
        ok(setPolicy("aging", "triggers: {dataset_drift: 0.5, max_age: 1s}\ntraining: {config: train.yaml}\n"
                + "gates: gates.yaml\nrollout: {steps: [{weight: 10}, {pause: 1m}, {weight: 100}]}"));
        Thread.sleep(1_100);
        JsonNode check = ok(server.post(RETRAIN + "check", "{\"name\": \"aging\"}"));
        assertThat(check.get("production_version").asText()).isEqualTo("1");
        assertThat(check.get("retrain").asBoolean()).isTrue();
        assertThat(check.get("reason").asText()).isEqualTo("Retrain: max_age fired.");
        assertThat(check.at("/findings/0/trigger").asText()).isEqualTo("dataset_drift");
        assertThat(check.at("/findings/0/fired").asBoolean()).isFalse();
        assertThat(check.at("/findings/0/evidence").asText()).isEqualTo("not enough data: 0 rows in the window");
        assertThat(check.at("/findings/1/evidence").asText()).startsWith("version 1 is ").endsWith("old, limit 1s");
        assertThat(check.get("plan")).extracting(JsonNode::asText).containsExactly(
                "train: capstan train with train.yaml on the newest data",
                "gates: gates.yaml, against the production version on current data",
                "register the candidate as a new version of aging with its version lock",
                "rollout: 3 steps, rolled back on a failed analysis",
                "promote: move alias 'champion' to the candidate");
        assertThat(ok(server.get(MLFLOW + "registered-models/get?name=aging")).at("/registered_model/latest_versions"))
                .hasSize(1);
    }

    @Test
    void aManualOnlyPolicyRetrainsOnlyWhenAskedAndTheNewestVersionIsProductionWithoutTheAlias() throws IOException {
        register("manual", 3);
        ok(setPolicy("manual", "training: {config: train.yaml}"));
        JsonNode calm = ok(server.post(RETRAIN + "check", "{\"name\": \"manual\"}"));
        assertThat(calm.get("retrain").asBoolean()).isFalse();
        assertThat(calm.get("production_version").asText()).isEqualTo("3");
        assertThat(calm.get("reason").asText()).startsWith("The policy watches no trigger");
        JsonNode asked = ok(server.post(RETRAIN + "check", "{\"name\": \"manual\", \"manual\": true}"));
        assertThat(asked.get("retrain").asBoolean()).isTrue();
        assertThat(asked.at("/findings/0/trigger").asText()).isEqualTo("manual");
        JsonNode scheduled = ok(server.post(RETRAIN + "run", "{\"name\": \"manual\", \"manual\": false}"));
        assertThat(scheduled.get("outcome").asText()).isEqualTo("skipped");
        assertThat(ok(server.get(RETRAIN + "history?name=manual")).get("retrainings")).isEmpty();
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
