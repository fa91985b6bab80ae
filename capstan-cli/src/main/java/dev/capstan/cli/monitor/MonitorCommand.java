package dev.capstan.cli.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.cli.internal.FeedbackFiles;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.OutputFiles;
import dev.capstan.cli.internal.Progress;
import dev.capstan.cli.internal.ServerOptions;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.cli.registry.ModelFetch;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.monitor.ReferenceProfiles;
import dev.capstan.ml.predict.BatchFiles;
import dev.capstan.monitor.ColumnDrift;
import dev.capstan.monitor.MonitorConfig;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.monitor.ReferenceProfile;
import dev.capstan.pipeline.Durations;
import dev.capstan.registry.ModelUri;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.server.ServerConfig;
import dev.capstan.server.monitor.HtmlReport;
import dev.capstan.server.monitor.MonitorExports;
import dev.capstan.server.monitor.MonitorReport;
import dev.capstan.store.internal.MlflowHttp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code capstan monitor}: feedback, status, reports and the Prometheus / Grafana exports of model monitoring. */
@Command(name = "monitor", description = "Monitor served models: feedback labels, drift and performance status, "
        + "reports, reference profiles, and Prometheus rules and a Grafana dashboard.",
        subcommands = {MonitorCommand.Feedback.class, MonitorCommand.Status.class, MonitorCommand.Report.class,
            MonitorCommand.Profile.class, MonitorCommand.ExportRules.class, MonitorCommand.ExportDashboard.class})
public final class MonitorCommand {

    private static final int FEEDBACK_BATCH = 5000;

    @Command(name = "feedback", description = "Send ground truth from a file (CSV, Parquet or JSON lines) with a "
            + "request_id column and a label (classifiers) or value (regressors) column, and optionally row.")
    static final class Feedback implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public void run() {
            List<Map<String, Object>> answers = FeedbackFiles.read(file);
            PrintWriter out = spec.commandLine().getOut();
            MlflowHttp http = options.http();
            int accepted = 0;
            List<String> unknown = new ArrayList<>();
            int unknownCount = 0;
            int batches = (answers.size() + FEEDBACK_BATCH - 1) / FEEDBACK_BATCH;
            try (Progress progress = Progress.of("feedback", batches, options.json() ? new PrintWriter(
                    java.io.OutputStream.nullOutputStream()) : out)) {
                for (int from = 0; from < answers.size(); from += FEEDBACK_BATCH) {
                    JsonNode result = http.post("/v2/feedback", MlflowHttp.body("feedback",
                            answers.subList(from, Math.min(answers.size(), from + FEEDBACK_BATCH))));
                    accepted += result.path("accepted").asInt();
                    unknownCount += result.path("unknown_request_ids").asInt();
                    result.path("unknown").forEach(id -> unknown.add(id.asText()));
                    progress.step(accepted + " stored");
                }
            }
            if (options.json()) {
                JsonOutput.print(out, Map.of("received", answers.size(), "accepted", accepted,
                        "unknown_request_ids", unknownCount, "unknown", unknown));
                return;
            }
            out.printf("%d answers stored; %d for request ids the prediction log does not hold (not logged, sampled "
                    + "out or expired)%n", accepted, unknownCount);
            if (!unknown.isEmpty()) {
                out.println("  unknown: " + String.join(", ", unknown.subList(0, Math.min(10, unknown.size())))
                        + (unknownCount > 10 ? ", ..." : ""));
            }
        }
    }

    @Command(name = "status", description = "The latest evaluation of every served model version, and recent "
            + "alerts.")
    static final class Status implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Option(names = "--now", description = "Evaluate now instead of showing the last scheduled evaluation.")
        boolean now;

        @Override
        public void run() {
            MlflowHttp http = options.http();
            JsonNode status = now ? http.post("/api/2.0/capstan/monitor/evaluate", Json.MAPPER.createObjectNode())
                    : http.get("/api/2.0/capstan/monitor/status");
            PrintWriter out = spec.commandLine().getOut();
            if (options.json()) {
                JsonOutput.print(out, status);
                return;
            }
            TextTable table = new TextTable(List.of(TextTable.Column.left("MODEL"), TextTable.Column.left("VERSION"),
                    TextTable.Column.right("ROWS"), TextTable.Column.left("DRIFT"),
                    TextTable.Column.left("DRIFTED COLUMNS", 40), TextTable.Column.right("PREDICTION MEAN"),
                    TextTable.Column.right("ACCURACY"), TextTable.Column.right("P99 MS"),
                    TextTable.Column.right("ERRORS")));
            for (JsonNode m : status.path("models")) {
                table.row(m.path("model").asText(), m.path("version").asText(), m.path("window_rows").asInt(),
                        drift(m), drifted(m), pair(m.path("prediction_mean"), m.path("reference_prediction_mean")),
                        pair(m.at("/performance/metrics/accuracy_score"), m.at("/baseline/accuracy_score")),
                        m.path("requests").asLong() == 0 ? "" : number(m.path("p99_millis")),
                        m.path("requests").asLong() == 0 ? "" : percent(m.path("error_rate").asDouble()));
            }
            if (table.isEmpty()) {
                out.println("Nothing evaluated yet: no model is served, or the first evaluation has not run "
                        + "(capstan monitor status --now).");
            } else {
                table.print(out);
            }
            List<JsonNode> alerts = new ArrayList<>();
            status.path("alerts").forEach(alerts::add);
            if (!alerts.isEmpty()) {
                out.println();
                out.println("Recent alerts:");
                alerts.stream().limit(10).forEach(a -> out.printf("  %s [%s] %s %s: %s version %s: %s%n",
                        a.path("time").asText(), a.path("severity").asText().toUpperCase(Locale.ROOT),
                        a.path("status").asText(), a.path("rule").asText(), a.path("model").asText(),
                        a.path("version").asText(), a.path("message").asText()));
            }
        }

        private static String drift(JsonNode m) {
            return switch (m.path("status").asText()) {
                case "ok" -> String.format(Locale.ROOT, "%s %.0f%%", m.at("/drift/drifted").asBoolean() ? "YES" : "no",
                        100 * m.at("/drift/share").asDouble());
                case "not_enough_data" -> "not enough data";
                default -> "no reference";
            };
        }

        private static String drifted(JsonNode m) {
            List<String> columns = new ArrayList<>();
            m.at("/drift/columns").forEach(c -> {
                if (c.path("status").asText().equals("DRIFT")) {
                    columns.add(c.path("column").asText());
                }
            });
            return String.join(", ", columns);
        }

        private static String pair(JsonNode value, JsonNode reference) {
            if (!value.isNumber()) {
                return "";
            }
            return number(value) + (reference.isNumber() ? " (" + number(reference) + ")" : "");
        }
    }

    @Command(name = "report", description = "A drift and performance report of a model version over its prediction "
            + "log: self-contained HTML or JSON (by the output's extension), or a table on the terminal.")
    static final class Report implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        TrackingOptions tracking;
        @Mixin
        ModelFetch fetch;
        @Parameters(index = "0", paramLabel = "MODEL", description = "models:/name/version, models:/name@alias, ... "
                + "or a model directory: its reference profile is the baseline.")
        String model;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "drift.html or drift.json.")
        Path output;
        @Option(names = "--prediction-log", paramLabel = "DIR", defaultValue = ServerConfig.DEFAULT_PREDICTION_LOG,
                description = "The server's prediction log (default: ${DEFAULT-VALUE}).")
        Path log;
        @Option(names = "--served-as", paramLabel = "NAME",
                description = "The name the model is served under (a deployment's name); default: its registered "
                        + "name, or a directory's name.")
        String servedAs;
        @Option(names = "--window", paramLabel = "ROWS", description = "The last ROWS logged rows (default: the "
                + "monitoring file's window, else 1000).")
        Integer rows;
        @Option(names = "--since", paramLabel = "DURATION", description = "Only rows logged within DURATION, e.g. 24h.")
        String since;
        @Option(names = "--monitoring", paramLabel = "FILE", description = "Monitoring settings (window, min_rows, "
                + "drift tests), as the server's.")
        Path monitoring;

        @Override
        public void run() {
            MonitorConfig config = MonitorConfig.read(monitoring);
            Duration within = since == null ? null : Durations.parse(since).orElseThrow(() ->
                    CapstanException.invalid("--since: expected a duration such as 30m or 24h, found '%s'", since));
            int window = rows != null ? rows : config.windowRows();
            if (window < 1) {
                throw CapstanException.invalid("--window: expected a positive number of rows, found %d", window);
            }
            String[] nameAndVersion = nameAndVersion();
            MonitorReport report;
            try (ModelFetch.LocalModel local = fetch.local(tracking, model);
                 PredictionLog reader = PredictionLog.reader(log)) {
                ReferenceProfile profile = ReferenceProfile.read(local.dir()).orElseThrow(() ->
                        CapstanException.invalid("Model %s has no %s: train it with capstan train, or add one with "
                                + "capstan monitor profile", model, ReferenceProfile.FILE));
                String name = servedAs != null ? servedAs : nameAndVersion[0] != null ? nameAndVersion[0]
                        : local.dir().toAbsolutePath().normalize().getFileName().toString();
                long from = within == null ? 0 : System.currentTimeMillis() - within.toMillis();
                report = MonitorReport.of(name, nameAndVersion[1], profile,
                        reader.read(name, nameAndVersion[1], from, window), config);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output == null) {
                print(out, report);
                return;
            }
            String file = output.getFileName().toString().toLowerCase(Locale.ROOT);
            if (file.endsWith(".json")) {
                OutputFiles.write(output, w -> JsonOutput.print(w, report));
            } else if (file.endsWith(".html") || file.endsWith(".htm")) {
                OutputFiles.write(output, w -> w.print(HtmlReport.render(report)));
            } else {
                throw CapstanException.invalid("--output: expected a .html or .json file, found %s", output);
            }
            out.printf("%s%nWrote %s%n", report.summary(), output);
        }

        /** The registered name and version a models:/ URI resolves to; a directory is version 1, as it is served. */
        private String[] nameAndVersion() {
            if (!model.startsWith("models:")) {
                return new String[] {null, "1"};
            }
            try (ModelRegistryStore store = tracking.openRegistry()) {
                ModelVersion version = store.resolve(ModelUri.parse(model));
                return new String[] {version.name(), version.version()};
            }
        }

        private static void print(PrintWriter out, MonitorReport report) {
            out.printf("%s version %s: %d rows; %s%n", report.model(), report.version(), report.windowRows(),
                    report.summary());
            if (report.drift() == null) {
                return;
            }
            TextTable table = new TextTable(List.of(TextTable.Column.left("COLUMN"), TextTable.Column.left("TYPE"),
                    TextTable.Column.left("TEST"), TextTable.Column.right("SCORE"),
                    TextTable.Column.right("THRESHOLD"), TextTable.Column.left("DRIFTED")));
            List<ColumnDrift> columns = new ArrayList<>(report.drift().columns());
            if (report.predictionDrift() != null) {
                columns.add(report.predictionDrift());
            }
            for (ColumnDrift c : columns) {
                table.row(c.column() + (c == report.predictionDrift() ? " (prediction)" : ""),
                        c.numeric() ? "numerical" : "categorical", c.method().wireName(), number(c.score()),
                        number(c.threshold()), switch (c.status()) {
                            case DRIFT -> "YES";
                            case NO_DRIFT -> "no";
                            case NOT_ENOUGH_DATA -> "not enough data";
                        });
            }
            table.print(out);
            if (report.performance().labeled() > 0) {
                out.printf("performance over %d rows with feedback:%n", report.performance().labeled());
                TextTable metrics = TextTable.keyValues();
                report.performance().metrics().forEach((k, v) -> metrics.row(k, number(v)
                        + (report.baseline().containsKey(k) ? " (baseline " + number(report.baseline().get(k)) + ")"
                        : "")));
                metrics.print(out);
            }
        }
    }

    @Command(name = "profile", description = "Write the reference profile (a sample of the training rows, per-column "
            + "statistics, the model's outputs for them) into a model directory trained outside Capstan, before it "
            + "is registered; capstan train writes one itself.")
    static final class Profile implements Runnable {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "MODEL_DIR")
        Path modelDir;
        @Option(names = "--data", required = true, paramLabel = "FILE",
                description = "The training data: CSV, Parquet or JSON lines with the model's input columns.")
        Path data;
        @Option(names = "--sample", paramLabel = "ROWS", defaultValue = "" + ReferenceProfile.DEFAULT_SAMPLE,
                description = "Rows kept as the reference sample (default: ${DEFAULT-VALUE}).")
        int sample;
        @Option(names = "--metric", paramLabel = "NAME=VALUE",
                description = "A baseline metric, e.g. accuracy_score=0.91 (repeatable).")
        Map<String, Double> metrics = new LinkedHashMap<>();

        @Override
        public void run() {
            if (!Files.isDirectory(modelDir)) {
                throw CapstanException.invalid("%s is not a model directory", modelDir);
            }
            if (sample < 1) {
                throw CapstanException.invalid("--sample: expected a positive number of rows, found %d", sample);
            }
            ColumnarBatch batch = BatchFiles.read(data);
            ReferenceProfile profile = ReferenceProfiles.write(modelDir, batch.columns(), batch.rowCount(), metrics,
                    sample);
            spec.commandLine().getOut().printf("Wrote %s: %d rows profiled, %d sampled; inputs %s; outputs %s%n",
                    modelDir.resolve(ReferenceProfile.FILE), profile.rows(),
                    profile.inputs().values().iterator().next().sample().size(),
                    String.join(", ", profile.inputs().keySet()), String.join(", ", profile.outputs().keySet()));
        }
    }

    @Command(name = "export-rules", description = "Write Prometheus alerting rules equivalent to the monitoring "
            + "alert rules (over the capstan_monitor_* gauges of /metrics).")
    static final class ExportRules implements Runnable {
        @Spec
        CommandSpec spec;
        @Option(names = "--monitoring", paramLabel = "FILE", description = "Monitoring settings (default: the "
                + "default rules).")
        Path monitoring;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The rule file (default: standard "
                + "output).")
        Path output;

        @Override
        public void run() {
            write(spec, output, MonitorExports.prometheusRules(MonitorConfig.read(monitoring)));
        }
    }

    @Command(name = "export-dashboard", description = "Write a Grafana dashboard (JSON) of the monitoring gauges.")
    static final class ExportDashboard implements Runnable {
        @Spec
        CommandSpec spec;
        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "The dashboard file (default: "
                + "standard output).")
        Path output;

        @Override
        public void run() {
            write(spec, output, MonitorExports.grafanaDashboard());
        }
    }

    private static void write(CommandSpec spec, Path output, String text) {
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
            return;
        }
        OutputFiles.write(output, w -> w.print(text));
        spec.commandLine().getOut().printf("Wrote %s%n", output);
    }

    private static String number(JsonNode v) {
        return v.isNumber() ? number(v.asDouble()) : "";
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
