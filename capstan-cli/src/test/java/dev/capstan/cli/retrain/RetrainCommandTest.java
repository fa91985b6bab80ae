package dev.capstan.cli.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.cli.Cli;
import dev.capstan.data.internal.Md5;
import dev.capstan.deploy.DeploymentClient;
import dev.capstan.deploy.DeploymentSpec;
import dev.capstan.monitor.MonitorConfig;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code capstan retrain} against a real server: a model trained and registered by {@code capstan train}, served
 * with monitoring, sent traffic unlike its training data; then its policy is set and its triggers checked.
 */
class RetrainCommandTest {

    @TempDir
    static Path dir;
    static CapstanServer server;
    static String db;

    @BeforeAll
    static void start() throws Exception {
        Random random = new Random(5);
        List<String> lines = new ArrayList<>(List.of("age,spend,plan,churn"));
        for (int i = 0; i < 1000; i++) {
            int age = 18 + random.nextInt(40);
            double spend = random.nextInt(20000) / 100.0;
            String plan = List.of("basic", "plus").get(random.nextInt(2));
            double risk = (age < 30 ? 1.2 : 0) + (plan.equals("basic") ? 1 : 0) - spend / 100 + random.nextGaussian();
            lines.add(age + "," + spend + "," + plan + "," + (risk > 0 ? "yes" : "no"));
        }
        Files.write(dir.resolve("churn.csv"), lines);
        Files.writeString(dir.resolve("train.yaml"), """
                data: {path: churn.csv, target: churn}
                preprocessing: [{one_hot: {columns: [plan], handle_unknown: ignore}}]
                model: {type: xgboost_classifier, rounds: 10}
                output: model
                """);
        db = Cli.sqlite(dir.resolve("db.sqlite"));
        Cli.Result trained = Cli.run("train", "--config", dir.resolve("train.yaml").toString(), "--register", "churn",
                "--tracking-uri", db, "--artifacts-destination", dir.resolve("artifacts").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        server = CapstanServer.start(ServerConfig.defaults().withPort(0)
                .withStores(db, dir.resolve("artifacts").toString())
                .withMonitoring(dir.resolve("log").toString(), 1, MonitorConfig.parse("min_rows: 50\ninterval: 1h",
                        "monitoring.yaml")));
        new DeploymentClient(server.url(), "test").create(DeploymentSpec.parse(
                "name: churn-live\nstrategy: single\nprimary: models:/churn/1\n", "deploy.yaml"), null);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 120; i++) {
            String row = "{\"dataframe_records\": [{\"age\": " + (70 + i % 20) + ", \"spend\": " + (i * 1.5)
                    + ", \"plan\": \"pro\"}]}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url()
                            + "/models/churn-live/invocations")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(row)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        }
        assertThat(Cli.run("monitor", "status", "--now", "--server", server.url()).exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBadPolicyFileIsRefusedNamingTheFileAndTheField() throws Exception {
        Path bad = dir.resolve("bad-retrain.yaml");
        Files.writeString(bad, "triggers: {dataset_drift: 0.5, max_age: soon}\ntraining: {config: train.yaml}\n");
        Cli.Result refused = Cli.run("retrain", "policy", "set", "churn", bad.toString(), "--server", server.url());
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains(bad + ": triggers.max_age: expected a duration such as 30s, 5m, 1h or 7d, "
                + "found \"soon\"");
        Cli.Result unknown = Cli.run("retrain", "check", "nobody", "--server", server.url());
        assertThat(unknown.exitCode()).isNotZero();
    }

    @Test
    void checkSaysThatDriftFiredOnTheServedVersionAndWhatARetrainingWouldDo() throws Exception {
        Path policy = dir.resolve("retrain.yaml");
        Files.writeString(policy, """
                triggers:
                  dataset_drift: 0.5
                  feature_drift: [age]
                  accuracy_drop: 0.05
                cooldown: 12h
                training: {config: train.yaml}
                gates: gates.yaml
                endpoint: churn-live
                """);
        Cli.Result set = Cli.run("retrain", "policy", "set", "churn", policy.toString(), "--server", server.url());
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(set.out()).contains("Stored the retraining policy of churn");
        Cli.Result shown = Cli.run("retrain", "policy", "show", "churn", "--server", server.url());
        assertThat(shown.out()).isEqualTo(Files.readString(policy));

        Cli.Result check = Cli.run("retrain", "check", "churn", "--server", server.url());
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("churn, production version 1", "TRIGGER", "dataset_drift", "feature_drift",
                "drifted: [age]", "no metric to compare", "Retrain: dataset_drift, feature_drift fired.",
                "A retraining now would:", "1. train: capstan train with train.yaml on the newest data",
                "5. promote: move alias 'champion' to the candidate");

        JsonNode json = Json.MAPPER.readTree(Cli.run("retrain", "check", "churn", "--json", "--server",
                server.url()).out());
        assertThat(json.get("retrain").asBoolean()).isTrue();
        assertThat(json.at("/findings/0/evidence").asText()).matches("drifted share \\d\\.\\d\\d \\(\\d columns\\) "
                + ">= threshold 0\\.50");

        Files.writeString(policy, Files.readString(policy).replace("endpoint: churn-live\n", ""));
        assertThat(Cli.run("retrain", "policy", "set", "churn", policy.toString(), "--server", server.url())
                .exitCode()).isZero();
        Cli.Result unserved = Cli.run("retrain", "check", "churn", "--server", server.url());
        assertThat(unserved.out()).contains("not enough data: 0 rows in the window", "No trigger fired.");
    }

    @Test
    void runRefusesACandidateThatFailsItsGatesHonoursTheCooldownAndPromotesOneThatPasses() throws Exception {
        Cli.Result trained = Cli.run("train", "--config", dir.resolve("train.yaml").toString(), "--register",
                "churn-b", "--tracking-uri", db, "--artifacts-destination", dir.resolve("artifacts").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        Files.writeString(dir.resolve("strict-gates.yaml"),
                "data: {path: churn.csv, target: churn}\nmetrics: {accuracy_score: {min: 0.999}}\n");
        Files.writeString(dir.resolve("gates.yaml"), """
                data: {path: churn.csv, target: churn}
                metrics: {accuracy_score: {min: 0.6}}
                reference: {model: "models:/churn-b/1", metrics: [accuracy_score], tolerance: 0.05}
                """);
        Path policy = dir.resolve("retrain-b.yaml");
        Files.writeString(policy, "training: {config: train.yaml}\ngates: strict-gates.yaml\ncooldown: 1h\n");
        assertThat(Cli.run("retrain", "policy", "set", "churn-b", policy.toString(), "--server", server.url())
                .exitCode()).isZero();

        Cli.Result rejected = Cli.run("retrain", "run", "churn-b", "--server", server.url());
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.out()).contains("Retrain: manual fired.", "metric accuracy_score", "FAIL",
                "Outcome: rejected. The candidate failed its gates: metric accuracy_score",
                "Version 1 stays in production; nothing was registered or deployed.",
                "Audit: run ");
        assertThat(registered("churn-b").at("/registered_model/latest_versions")).hasSize(1);

        Cli.Result held = Cli.run("retrain", "run", "churn-b", "--server", server.url());
        assertThat(held.exitCode()).isEqualTo(1);
        assertThat(held.out()).contains("manual fired, but the last retraining started at ",
                "the cooldown of 1h lasts until", "nothing is done.").doesNotContain("Outcome:");

        Files.writeString(policy, "training: {config: train.yaml}\ngates: gates.yaml\ncooldown: 1s\n");
        assertThat(Cli.run("retrain", "policy", "set", "churn-b", policy.toString(), "--server", server.url())
                .exitCode()).isZero();
        Thread.sleep(1_100);
        Cli.Result promoted = Cli.run("retrain", "run", "churn-b", "--server", server.url());
        assertThat(promoted.exitCode()).as(promoted.out() + promoted.err()).isZero();
        assertThat(promoted.out()).contains("Outcome: promoted. Version 2 passed its gates and is now 'champion' "
                + "(was version 1).", "no regression accuracy_score");
        JsonNode model = registered("churn-b").get("registered_model");
        assertThat(model.at("/aliases/0/alias").asText()).isEqualTo("champion");
        assertThat(model.at("/aliases/0/version").asText()).isEqualTo("2");

        JsonNode alerts = Json.MAPPER.readTree(Cli.run("monitor", "status", "--json", "--server", server.url()).out())
                .get("alerts");
        assertThat(alerts.findValuesAsText("status")).contains("started", "rejected", "promoted");
        assertThat(alerts.findValuesAsText("message")).anyMatch(m -> m.startsWith("Version 2 passed its gates"));

        Cli.Result status = Cli.run("retrain", "status", "churn-b", "--server", server.url());
        assertThat(status.out()).contains("production version  2", "none: retrained only by hand", "cooldown",
                "retrainings         2", "promoted (version 2)", "running now         no");

        Cli.Result history = Cli.run("retrain", "history", "churn-b", "--server", server.url());
        assertThat(history.out()).contains("OUTCOME", "promoted", "rejected", "manual");
        JsonNode trail = Json.MAPPER.readTree(Cli.run("retrain", "history", "churn-b", "--json", "--server",
                server.url()).out()).get("retrainings");
        assertThat(trail).hasSize(2);
        assertThat(trail.at("/0/outcome").asText()).isEqualTo("promoted");
        assertThat(trail.at("/0/candidate_version").asText()).isEqualTo("2");
        assertThat(trail.at("/0/step").asText()).isEqualTo("promote");
        assertThat(trail.at("/1/outcome").asText()).isEqualTo("rejected");
        assertThat(trail.at("/1/step").asText()).isEqualTo("gates");
        assertThat(trail.at("/1/gates/0").asText()).startsWith("FAIL metric accuracy_score");
    }

    @Test
    void aCandidateRollsOutOnTheDeploymentAndIsPromotedOrRolledBackAsItsAnalysisDecides() throws Exception {
        Cli.Result trained = Cli.run("train", "--config", dir.resolve("train.yaml").toString(), "--register",
                "churn-c", "--tracking-uri", db, "--artifacts-destination", dir.resolve("artifacts").toString());
        assertThat(trained.exitCode()).as(trained.err()).isZero();
        new DeploymentClient(server.url(), "test").create(DeploymentSpec.parse(
                "name: churn-c-live\nstrategy: single\nprimary: models:/churn-c/1\n", "deploy.yaml"), null);
        Files.writeString(dir.resolve("easy-gates.yaml"),
                "data: {path: churn.csv, target: churn}\nmetrics: {accuracy_score: {min: 0.5}}\n");
        Path policy = dir.resolve("retrain-c.yaml");
        Files.writeString(policy, """
                training: {config: train.yaml}
                gates: easy-gates.yaml
                cooldown: 1s
                endpoint: churn-c-live
                rollout: {steps: [{weight: 50}, {weight: 100}], interval: 1s, min_requests: 0}
                """);
        assertThat(Cli.run("retrain", "policy", "set", "churn-c", policy.toString(), "--server", server.url())
                .exitCode()).isZero();
        Cli.Result rolling = Cli.run("retrain", "run", "churn-c", "--server", server.url());
        assertThat(rolling.exitCode()).as(rolling.out() + rolling.err()).isZero();
        assertThat(rolling.out()).contains("Outcome: rolling_out. Version 2 passed its gates and is rolling out on "
                + "deployment churn-c-live", "Version 1 serves meanwhile.");
        Cli.Result busy = Cli.run("retrain", "run", "churn-c", "--server", server.url());
        assertThat(busy.out()).contains("Version 2 is still rolling out on deployment churn-c-live");

        JsonNode done = awaitOutcome("churn-c", "promoted");
        assertThat(done.get("reason").asText()).startsWith("Version 2 completed its rollout on deployment "
                + "churn-c-live and took all traffic");
        assertThat(registered("churn-c").at("/registered_model/aliases/0/version").asText()).isEqualTo("2");

        Files.writeString(policy, Files.readString(policy).replace("min_requests: 0}",
                "min_requests: 5, max_p99_ms: 0.000001}"));
        assertThat(Cli.run("retrain", "policy", "set", "churn-c", policy.toString(), "--server", server.url())
                .exitCode()).isZero();
        Thread.sleep(1_100);
        Cli.Result second = Cli.run("retrain", "run", "churn-c", "--server", server.url());
        assertThat(second.out()).as(second.err()).contains("Version 3 passed its gates and is rolling out");
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 60; i++) {
            http.send(HttpRequest.newBuilder(URI.create(server.url() + "/models/churn-c-live/invocations"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"dataframe_records\": [{\"age\": 30, \"spend\": 10.0, \"plan\": \"plus\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
        JsonNode rolledBack = awaitOutcome("churn-c", "rolled_back");
        assertThat(rolledBack.get("reason").asText()).contains("The rollout of version 3 on deployment churn-c-live "
                + "was set back to 0 %", "p99 latency", "Version 2 stays in production.");
        assertThat(registered("churn-c").at("/registered_model/aliases/0/version").asText()).isEqualTo("2");
    }

    @Test
    void aPipelineTrainsTheCandidateAndAFailingStageFailsTheRetrainingNamingItsLog() throws Exception {
        Cli.launcherIn(dir.resolve("bin"));
        try {
            Path project = Files.createDirectories(dir.resolve("pipeline-project"));
            assertThat(Cli.run("init", "--no-scm", project.toString()).exitCode()).isZero();
            Files.copy(dir.resolve("churn.csv"), project.resolve("churn.csv"));
            Files.writeString(project.resolve("train.yaml"), Files.readString(dir.resolve("train.yaml"))
                    .replace("output: model", "output: models/churn"));
            Files.writeString(project.resolve("dvc.yaml"), """
                    stages:
                      train:
                        cmd: capstan train --config train.yaml --no-track
                        deps: [churn.csv, train.yaml]
                        outs: [models/churn]
                    """);
            Cli.Result trained = Cli.run("train", "--config", project.resolve("train.yaml").toString(),
                    "--register", "churn-p", "--tracking-uri", db, "--artifacts-destination",
                    dir.resolve("artifacts").toString());
            assertThat(trained.exitCode()).as(trained.err()).isZero();
            Path policy = project.resolve("retrain.yaml");
            Files.writeString(policy, "training: {pipeline: dvc.yaml, target: train}\ncooldown: 1s\n");
            assertThat(Cli.run("retrain", "policy", "set", "churn-p", policy.toString(), "--server", server.url())
                    .exitCode()).isZero();

            Cli.Result promoted = Cli.run("retrain", "run", "churn-p", "--server", server.url());
            assertThat(promoted.exitCode()).as(promoted.out() + promoted.err()).isZero();
            assertThat(promoted.out()).contains("repro dvc.yaml train (train ran); model " + project.resolve(
                    "models/churn"), "Outcome: promoted. Version 2 passed its gates");
            Cli.Result card = Cli.run("models", "card", "churn-p", "2", "--tracking-uri", db);
            assertThat(card.out()).as("the data the train stage took, for the version's lineage")
                    .contains("churn.csv", Md5.of(project.resolve("churn.csv")));

            Files.writeString(project.resolve("dvc.yaml"), Files.readString(project.resolve("dvc.yaml"))
                    .replace("--no-track", "--no-track --param max_depth=oops"));
            Thread.sleep(1_100);
            Cli.Result failed = Cli.run("retrain", "run", "churn-p", "--server", server.url());
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.out()).contains("Outcome: failed. The retraining failed at step train: the "
                    + "pipeline's stage train failed", project.resolve(".dvc/tmp/repro/train.log").toString(),
                    "Version 2 stays in production.");
        } finally {
            Cli.forgetLauncher();
        }
    }

    /** The newest retraining once it has the outcome, waiting up to 20 s for its rollout to end. */
    private static JsonNode awaitOutcome(String model, String outcome) throws Exception {
        JsonNode newest = null;
        for (int i = 0; i < 200; i++) {
            newest = Json.MAPPER.readTree(Cli.run("retrain", "history", model, "--json", "--server", server.url())
                    .out()).at("/retrainings/0");
            if (newest.path("outcome").asText().equals(outcome)) {
                return newest;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the newest retraining of " + model + " did not end " + outcome + ": " + newest);
    }

    private static JsonNode registered(String name) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                server.url() + "/api/2.0/mlflow/registered-models/get?name=" + name)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.MAPPER.readTree(response.body());
    }
}
