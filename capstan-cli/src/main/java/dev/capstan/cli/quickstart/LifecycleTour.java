package dev.capstan.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import dev.capstan.cli.CapstanCli;
import dev.capstan.cli.data.ProjectTemplate;
import dev.capstan.data.DataRepo;
import dev.capstan.deploy.DeploymentClient;
import dev.capstan.deploy.DeploymentSpec;
import dev.capstan.monitor.MonitorConfig;
import dev.capstan.pipeline.Launcher;
import dev.capstan.pipeline.PipelineFile;
import dev.capstan.pipeline.Repro;
import dev.capstan.pipeline.ReproTracking;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import dev.capstan.store.artifact.ArtifactStores;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The quickstart's tour of the whole lifecycle, on embedded defaults, in a project of its own: generate a churn
 * table; repro the project's pipeline (ingest, validate, split, train, evaluate, gate); register its model and
 * serve it as the champion; replay customers
 * and their outcomes; shift the population; watch monitoring detect the drift and the accuracy drop and alert;
 * let the retraining policy train on the newest data, gate, canary and promote; then sum it up. Every step uses the
 * same commands, server and files a user would.
 */
final class LifecycleTour {

    private static final String MODEL = "churn";
    private static final int STEPS = 9;

    private final Path project;
    private final long seed;
    private final int rows;
    private final PrintWriter out;
    private int step;

    /** @param rows how many customers each replay sends (the generated table has ten times as many) */
    LifecycleTour(Path project, long seed, int rows, PrintWriter out) {
        this.project = project.toAbsolutePath().normalize();
        this.seed = seed;
        this.rows = rows;
        this.out = out;
    }

    /** What the tour found, for the summary. */
    record Figures(double baselineAccuracy, double driftedAccuracy, double retrainedAccuracy, String drift,
                   int alerts, String outcome, String candidate, String reason, String auditRun) {
    }

    /** Runs the tour against a server it starts on {@code port}; returns the running server. */
    CapstanServer run(int port) {
        step("Project", "a churn project in " + project + " (capstan init --template ml-project)");
        ProjectTemplate.write(project, seed);
        DataRepo.init(project, true, false);
        writeTourConfigs();
        line("%,d customers delivered in %s; configs/ holds the suite, training, gates, serving, monitoring and "
                + "retraining", ProjectTemplate.ROWS, ProjectTemplate.INCOMING);

        step("Pipeline", "capstan repro: ingest -> validate -> split -> train -> evaluate -> gate -> register");
        repro();

        step("Server", "tracking, registry, serving and monitoring on embedded SQLite and files");
        CapstanServer server = startServer(port);
        try {
            tour(server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void tour(CapstanServer server) {
        Traffic traffic = new Traffic(server.url());
        line("%s (data in %s)", server.url(), project.resolve("capstan-data"));

        step("Serve", "alias champion on the registered version, capstan deploy create");
        JsonNode trained = json(read("reports/train.json"));
        String version = json(read("reports/registered.json")).at("/model_version/version").asText();
        cli("models", "alias", MODEL, "champion", version, "--tracking-uri", server.url());
        new DeploymentClient(server.url(), "quickstart").create(DeploymentSpec.parse(read("configs/serving.yaml"),
                "configs/serving.yaml"), "quickstart");
        line("version %s (run %s) serves as models:/churn@champion; test accuracy %s", version,
                trained.path("run_id").asText(), format(trained.at("/test/accuracy_score").asDouble()));

        step("Traffic", "customers like the training ones, then their outcomes as feedback");
        Path fresh = project.resolve("data/incoming/customers-fresh.csv");
        ChurnData.write(fresh, rows, seed + 2, 2 * ProjectTemplate.ROWS + 1, ChurnData.Population.BASELINE);
        Traffic.Rows calm = Traffic.read(fresh);
        replay(traffic, calm.inputs(), calm.labels());
        JsonNode before = evaluate(traffic, "1");
        line("%s; accuracy %s over %d labeled rows", driftLine(before),
                format(before.at("/performance/metrics/accuracy_score").asDouble()),
                before.at("/performance/labeled").asInt());

        step("Drift", "the market shifts: older customers who spend more, and they churn for other reasons");
        Path shifted = project.resolve(ProjectTemplate.INCOMING);
        ChurnData.write(shifted, rows * 10, seed + 1, ProjectTemplate.ROWS + 1, ChurnData.Population.SHIFTED);
        Traffic.Rows drifted = Traffic.read(shifted);
        replay(traffic, drifted.inputs().subList(0, rows), drifted.labels().subList(0, rows));
        JsonNode after = evaluate(traffic, "1");
        line("%s", driftLine(after));
        line("accuracy %s over the window's labeled rows, baseline %s", format(after.at(
                "/performance/metrics/accuracy_score").asDouble()), format(after.at("/baseline/accuracy_score")
                .asDouble()));

        step("Alerts", "monitoring's rules, sent to the log and webhooks (capstan monitor status)");
        JsonNode alerts = traffic.get("/api/2.0/capstan/monitor/status").path("alerts");
        alerts.forEach(a -> line("[%s] %s: %s", a.path("severity").asText().toUpperCase(Locale.ROOT),
                a.path("rule").asText(), a.path("message").asText()));

        step("Retrain", "the policy's triggers fire: the pipeline ingests the new delivery and trains, then gates "
                + "against the champion, register, canary, promote");
        cli("retrain", "policy", "set", MODEL, "configs/retrain.yaml", "--server", server.url());
        AtomicBoolean rolling = new AtomicBoolean(true);
        Thread canaryTraffic = keepCalling(traffic, drifted, rolling);
        JsonNode outcome;
        try {
            outcome = retrain(traffic);
        } finally {
            rolling.set(false);
            join(canaryTraffic);
        }

        double retrained = Double.NaN;
        if (outcome.path("outcome").asText().equals("promoted")) {
            replay(traffic, drifted.inputs().subList(rows, 2 * rows), drifted.labels().subList(rows, 2 * rows));
            retrained = evaluate(traffic, outcome.path("candidate_version").asText()).at(
                    "/performance/metrics/accuracy_score").asDouble(Double.NaN);
            line("version %s's accuracy on these new customers: %s", outcome.path("candidate_version").asText(),
                    format(retrained));
        }

        step("Summary", null);
        summary(server, new Figures(before.at("/performance/metrics/accuracy_score").asDouble(),
                after.at("/performance/metrics/accuracy_score").asDouble(), retrained,
                after.path("drift_summary").asText(), alerts.size(), outcome.path("outcome").asText(),
                outcome.path("candidate_version").asText(""), outcome.path("reason").asText(),
                outcome.path("run_id").asText()));
    }

    /** Shorter windows and a canary of seconds, so that the tour fits in a few minutes. */
    private void writeTourConfigs() {
        write("configs/monitoring.yaml", """
                # the quickstart's windows: the last 400 rows, evaluated when the tour asks; the tour prints the alerts
                window: {rows: 400}
                min_rows: 200
                interval: 1h
                alerts: {log: false}
                """);
        write("configs/retrain.yaml", """
                triggers:
                  dataset_drift: 0.5
                  accuracy_drop: 0.05
                cooldown: 1h
                training: {pipeline: ../dvc.yaml, target: train, model: ../models/churn}
                gates: retrain-gates.yaml
                rollout: {steps: [{weight: 20}, {weight: 50}, {weight: 100}], interval: 2s, min_requests: 5, max_error_rate: 0.01}
                endpoint: churn
                """);
    }

    private void repro() {
        if (Launcher.directory().isEmpty()) {
            throw CapstanException.invalid("The quickstart's pipeline runs capstan in each stage: start it with the "
                    + "capstan launcher (./capstan quickstart)");
        }
        DataRepo repo = DataRepo.open(project);
        Path data = project.resolve("capstan-data");
        List<Repro.Outcome> outcomes;
        try (TrackingStore store = TrackingStores.open(LocalServer.sqliteUri(data.resolve("capstan.db")))) {
            ReproTracking tracking = ReproTracking.start(store, ArtifactStores.open(data.resolve("artifacts")
                    .toString()), "pipelines", repo.root(), "repro", List.of());
            outcomes = new Repro(repo, line -> {
                if (line.startsWith("Running stage")) {
                    line("%s", line);
                }
            }, tracking).run(PipelineFile.readAll(project), new Repro.Options(List.of(), false, false, 1, false,
                    false));
            tracking.finish(outcomes.stream().noneMatch(o -> o.result() == Repro.Result.FAILED));
        }
        if (outcomes.stream().anyMatch(o -> o.result() == Repro.Result.FAILED)) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "The pipeline failed: " + outcomes
                    + "; see " + project.resolve(".dvc/tmp/repro"));
        }
        JsonNode gates = json(read("reports/gates.json"));
        line("gates: %d of %d passed (reports/gates.json)", gates.path("gates").findValues("passed").stream()
                .filter(JsonNode::asBoolean).count(), gates.path("gates").size());
    }

    private CapstanServer startServer(int port) {
        Path data = project.resolve("capstan-data");
        ServerConfig config = ServerConfig.defaults().withPort(port)
                .withStores(LocalServer.sqliteUri(data.resolve("capstan.db")), data.resolve("artifacts").toString())
                .withMonitoring(data.resolve("predictions").toString(), 1,
                        MonitorConfig.read(project.resolve("configs/monitoring.yaml")));
        return LocalServer.start(config, out);
    }

    private void replay(Traffic traffic, List<Map<String, Object>> inputs, List<String> labels) {
        List<String> ids = traffic.send(MODEL, inputs);
        int matched = traffic.feedback(ids, labels);
        line("%d requests answered; %d outcomes sent as feedback", ids.size(), matched);
    }

    /** Evaluates the served versions now, as the server does on its schedule; answers {@code version}'s health. */
    private static JsonNode evaluate(Traffic traffic, String version) {
        JsonNode status = traffic.call("/api/2.0/capstan/monitor/evaluate", Map.of());
        for (JsonNode m : status.path("models")) {
            if (m.path("model").asText().equals(MODEL) && m.path("version").asText().equals(version)) {
                ((ObjectNode) m).put("drift_summary", summary(m));
                return m;
            }
        }
        throw new IllegalStateException("Monitoring has not evaluated " + MODEL + " version " + version + ": "
                + status);
    }

    private static String summary(JsonNode m) {
        if (!m.path("status").asText().equals("ok")) {
            return "Not enough data: " + m.path("window_rows").asInt() + " rows in the window";
        }
        long drifted = driftedCount(m);
        long tested = m.at("/drift/columns").size();
        return String.format(Locale.ROOT, "Drift is detected for %.0f%% of columns (%d of %d)",
                100 * m.at("/drift/share").asDouble(), drifted, tested);
    }

    /** The drift summary, the drifted columns, and whether the dataset drifted (a share at its threshold). */
    private static String driftLine(JsonNode m) {
        String columns = driftedColumns(m);
        return m.path("drift_summary").asText() + (columns.isEmpty() ? "" : " (" + columns + ")")
                + (m.at("/drift/drifted").asBoolean() ? ": the dataset drifted" : ": no dataset drift");
    }

    private static long driftedCount(JsonNode m) {
        return m.at("/drift/columns").findValuesAsText("status").stream().filter("DRIFT"::equals).count();
    }

    private static String driftedColumns(JsonNode m) {
        StringBuilder names = new StringBuilder();
        m.at("/drift/columns").forEach(c -> {
            if (c.path("status").asText().equals("DRIFT")) {
                names.append(names.isEmpty() ? "" : ", ").append(c.path("column").asText());
            }
        });
        return names.toString();
    }

    /** Lets the policy decide (no manual trigger) and follows the retraining to its outcome. */
    private JsonNode retrain(Traffic traffic) {
        JsonNode started = traffic.call("/api/2.0/capstan/retrain/run", Map.of("name", MODEL,
                "manual", false));
        line("%s", started.path("reason").asText());
        if (!started.path("outcome").asText().equals("running")) {
            return started;
        }
        String runId = started.path("audit_run_id").asText();
        Set<String> printed = new HashSet<>();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            for (JsonNode r : traffic.get("/api/2.0/capstan/retrain/history?name=" + MODEL).path("retrainings")) {
                if (!r.path("run_id").asText().equals(runId)) {
                    continue;
                }
                r.path("steps").fields().forEachRemaining(s -> {
                    if (printed.add(s.getKey())) {
                        line("%-8s %s", s.getKey(), s.getValue().asText());
                        if (s.getKey().equals("gates")) {
                            r.path("gates").forEach(g -> line("           %s", g.asText()));
                        }
                    }
                });
                String outcome = r.path("outcome").asText();
                if (!outcome.equals("running") && !outcome.equals("rolling_out")) {
                    return r;
                }
            }
            sleep(250);
        }
        throw new IllegalStateException("The retraining of " + MODEL + " did not finish within two minutes");
    }

    /** Customers keep calling during the canary, so that its analysis has requests to judge. */
    private static Thread keepCalling(Traffic traffic, Traffic.Rows rows, AtomicBoolean going) {
        Thread caller = new Thread(() -> {
            for (int i = 0; going.get(); i = (i + 1) % rows.inputs().size()) {
                traffic.send(MODEL, List.of(rows.inputs().get(i)));
                sleep(20);
            }
        }, "quickstart-traffic");
        caller.setDaemon(true);
        caller.start();
        return caller;
    }

    private void summary(CapstanServer server, Figures f) {
        line("version 1's accuracy: %s on customers like its training data, %s after the shift",
                format(f.baselineAccuracy()), format(f.driftedAccuracy()));
        line("%s; %d alerts", f.drift(), f.alerts());
        line("retraining: %s%s. %s", f.outcome(), f.candidate().isEmpty() ? "" : ", version " + f.candidate(),
                f.reason());
        if (!Double.isNaN(f.retrainedAccuracy())) {
            line("version %s's accuracy on the shifted customers: %s", f.candidate(), format(f.retrainedAccuracy()));
        }
        out.printf("%nWhere to look:%n");
        String url = server.url();
        line("web UI       %s/   (runs, models, deployments, monitoring, pipelines)", url);
        line("monitoring   capstan monitor status --server %s   (%s/metrics for Prometheus)", url, url);
        line("retraining   capstan retrain history churn --server %s", url);
        line("audit        capstan runs describe %s --tracking-uri %s", f.auditRun(), url);
        line("registry     capstan models versions churn --tracking-uri %s", url);
        line("project      %s (dvc.yaml, configs/, reports/; capstan repro there)", project);
    }

    private String cli(String... args) {
        StringWriter text = new StringWriter();
        StringWriter errors = new StringWriter();
        picocli.CommandLine command = CapstanCli.commandLine(args);
        command.setOut(new PrintWriter(text, true));
        command.setErr(new PrintWriter(errors, true));
        int code = command.execute(withProject(args));
        if (code != 0) {
            throw new IllegalStateException("capstan " + String.join(" ", args) + " failed (" + code + "): "
                    + errors + text);
        }
        return text.toString();
    }

    /** Relative paths in the arguments are the project's. */
    private String[] withProject(String[] args) {
        String[] resolved = args.clone();
        for (int i = 0; i < resolved.length; i++) {
            if (resolved[i].startsWith("configs/")) {
                resolved[i] = project.resolve(resolved[i]).toString();
            }
        }
        return resolved;
    }

    private void step(String title, String what) {
        step++;
        out.printf("%n[%d/%d] %s%s%n", step, STEPS, title, what == null ? "" : ": " + what);
        out.flush();
    }

    private void line(String format, Object... args) {
        out.printf("  " + format + "%n", args);
        out.flush();
    }

    private String read(String file) {
        try {
            return Files.readString(project.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String file, String text) {
        try {
            Files.writeString(project.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static void join(Thread thread) {
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
