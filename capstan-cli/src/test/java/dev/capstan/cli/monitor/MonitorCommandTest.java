package dev.capstan.cli.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.cli.Cli;
import dev.capstan.deploy.DeploymentClient;
import dev.capstan.deploy.DeploymentSpec;
import dev.capstan.monitor.MonitorConfig;
import dev.capstan.monitor.ReferenceProfile;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
 * {@code capstan monitor} against a real server: a model trained and registered by {@code capstan train}, deployed,
 * sent traffic; then feedback from a file, status, reports from the prediction log, a reference profile, and the
 * Prometheus and Grafana exports.
 */
class MonitorCommandTest {

    @TempDir
    static Path dir;
    static CapstanServer server;
    static String db;
    static final List<String> requestIds = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Random random = new Random(3);
        List<String> lines = new ArrayList<>(List.of("age,spend,plan,churn"));
        for (int i = 0; i < 1500; i++) {
            int age = 18 + random.nextInt(50);
            double spend = random.nextInt(20000) / 100.0;
            String plan = List.of("basic", "plus", "pro").get(random.nextInt(3));
            double risk = (age < 30 ? 1.2 : 0) + (plan.equals("basic") ? 1 : 0) - spend / 100 + random.nextGaussian();
            lines.add(age + "," + spend + "," + plan + "," + (risk > 0 ? "yes" : "no"));
        }
        Files.write(dir.resolve("churn.csv"), lines);
        Files.writeString(dir.resolve("train.yaml"), """
                data: {path: churn.csv, target: churn}
                preprocessing: [{one_hot: {columns: [plan]}}]
                model: {type: xgboost_classifier, rounds: 20}
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
        for (int i = 0; i < 100; i++) {
            String row = "{\"dataframe_records\": [{\"age\": " + (20 + i % 40) + ", \"spend\": " + (i * 1.5)
                    + ", \"plan\": \"" + (i % 2 == 0 ? "pro" : "basic") + "\"}]}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.url()
                            + "/models/churn-live/invocations")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(row)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            requestIds.add(response.headers().firstValue("X-Request-Id").orElseThrow());
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void feedbackFromAFileIsStoredAndUnknownIdsAreCountedNotRefused() throws IOException {
        StringBuilder csv = new StringBuilder("request_id,label\n");
        for (int i = 0; i < 60; i++) {
            csv.append(requestIds.get(i)).append(',').append(i % 3 == 0 ? "yes" : "no").append('\n');
        }
        csv.append("never-served,yes\n");
        Path file = Files.writeString(dir.resolve("labels.csv"), csv);

        Cli.Result sent = Cli.run("monitor", "feedback", file.toString(), "--server", server.url());
        assertThat(sent.exitCode()).as(sent.err()).isZero();
        assertThat(sent.out()).contains("60 answers stored; 1 for request ids the prediction log does not hold")
                .contains("unknown: never-served");

        Cli.Result status = Cli.run("monitor", "status", "--now", "--server", server.url(), "--json");
        assertThat(status.exitCode()).as(status.err()).isZero();
        JsonNode model = status.json().get("models").get(0);
        assertThat(model.get("model").asText()).isEqualTo("churn-live");
        assertThat(model.at("/performance/labeled").asInt()).isEqualTo(60);

        Cli.Result table = Cli.run("monitor", "status", "--server", server.url());
        assertThat(table.out()).contains("MODEL", "DRIFTED COLUMNS", "churn-live");
    }

    @Test
    void aMalformedFeedbackFileIsRefusedNamingTheLine() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.csv"), "request_id,label,value\nr1,yes,\nr2,,\n");
        Cli.Result result = Cli.run("monitor", "feedback", file.toString(), "--server", server.url());
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("bad.csv line 3: request r2 has neither a label nor a value");
    }

    @Test
    void reportsAreWrittenAsHtmlAndJsonFromThePredictionLog() throws IOException {
        server.monitor().log().flush();
        Path monitoring = Files.writeString(dir.resolve("report.yaml"), "min_rows: 50\n");
        String[] common = {"--prediction-log", dir.resolve("log").toString(), "--served-as", "churn-live",
            "--monitoring", monitoring.toString(),
            "--tracking-uri", db, "--artifacts-destination", dir.resolve("artifacts").toString()};
        Cli.Result html = Cli.run(concat(new String[] {"monitor", "report", "models:/churn/1", "-o",
            dir.resolve("drift.html").toString()}, common));
        assertThat(html.exitCode()).as(html.err()).isZero();
        assertThat(html.out()).containsPattern("Drift is detected for \\d+% of columns \\(\\d of 3\\)");
        assertThat(Files.readString(dir.resolve("drift.html"))).contains("<td>plan</td><td>categorical</td>");

        Cli.Result json = Cli.run(concat(new String[] {"monitor", "report", "models:/churn/1", "--window", "80", "-o",
            dir.resolve("drift.json").toString()}, common));
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(dir.resolve("drift.json").toFile());
        assertThat(report.get("window_rows").asInt()).isEqualTo(80);
        assertThat(report.get("version").asText()).isEqualTo("1");
        assertThat(report.get("histograms")).hasSize(4);

        Cli.Result table = Cli.run(concat(new String[] {"monitor", "report", "models:/churn/1"}, common));
        assertThat(table.out()).contains("COLUMN", "age", "probability_1 (prediction)");

        Cli.Result tooFew = Cli.run(concat(new String[] {"monitor", "report", "models:/churn/1", "--window", "10"},
                common));
        assertThat(tooFew.out()).contains("Not enough data: 10 rows in the window, at least 50 needed")
                .doesNotContain("no drift");

        Cli.Result badOutput = Cli.run(concat(new String[] {"monitor", "report", "models:/churn/1", "-o", "x.pdf"},
                common));
        assertThat(badOutput.err()).contains("--output: expected a .html or .json file, found x.pdf");
    }

    @Test
    void aProfileIsWrittenIntoAModelDirectoryFromItsTrainingData() throws IOException {
        Path model = dir.resolve("model");
        Files.delete(model.resolve(ReferenceProfile.FILE));
        Cli.Result result = Cli.run("monitor", "profile", model.toString(), "--data", dir.resolve("churn.csv")
                .toString(), "--sample", "500", "--metric", "accuracy_score=0.8");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("1500 rows profiled, 500 sampled; inputs age, spend, plan; outputs label, "
                + "probability_0, probability_1");
        ReferenceProfile profile = ReferenceProfile.read(model).orElseThrow();
        assertThat(profile.metrics()).containsEntry("accuracy_score", 0.8);
        assertThat(profile.classes()).containsExactly("no", "yes");
    }

    @Test
    void rulesAndDashboardAreExported() throws IOException {
        Path monitoring = Files.writeString(dir.resolve("monitoring.yaml"),
                "alerts: {rules: [{kind: error_rate, threshold: 0.05}]}\n");
        Cli.Result rules = Cli.run("monitor", "export-rules", "--monitoring", monitoring.toString(), "-o",
                dir.resolve("rules.yml").toString());
        assertThat(rules.exitCode()).as(rules.err()).isZero();
        assertThat(Files.readString(dir.resolve("rules.yml"))).contains("alert: CapstanErrorRate")
                .contains("expr: capstan_monitor_error_rate > 0.05").doesNotContain("CapstanDatasetDrift");
        Cli.Result dashboard = Cli.run("monitor", "export-dashboard");
        assertThat(dashboard.json().get("title").asText()).isEqualTo("Capstan model monitoring");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
