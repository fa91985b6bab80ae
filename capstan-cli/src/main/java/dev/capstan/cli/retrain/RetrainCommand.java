package dev.capstan.cli.retrain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.ServerOptions;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.retrain.RetrainPolicy;
import dev.capstan.store.internal.MlflowHttp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code capstan retrain}: a model's retraining policy, and what its triggers say now. */
@Command(name = "retrain", description = "Retrain registered models behind guardrails: set a model's policy "
        + "(retrain.yaml) and check what its triggers say.",
        subcommands = {RetrainCommand.Policy.class, RetrainCommand.Check.class, RetrainCommand.Run.class,
            RetrainCommand.Status.class, RetrainCommand.History.class})
public final class RetrainCommand {

    private static final String API = "/api/2.0/capstan/retrain/";

    @Command(name = "policy", description = "Store or show a registered model's retraining policy.",
            subcommands = {Policy.Set.class, Policy.Show.class})
    static final class Policy {

        @Command(name = "set", description = "Check a retrain.yaml and store it with the registered model.")
        static final class Set implements Runnable {
            @Spec
            CommandSpec spec;
            @Mixin
            ServerOptions options;
            @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
            String model;
            @Parameters(index = "1", paramLabel = "FILE", description = "The policy (retrain.yaml); the paths in it "
                    + "are relative to its directory.")
            Path file;

            @Override
            public void run() {
                RetrainPolicy policy = RetrainPolicy.read(file);
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                JsonNode answer = options.http().post(API + "policy/set", Json.MAPPER.valueToTree(Map.of("name", model,
                        "policy", text, "project", file.toAbsolutePath().getParent().toString())));
                PrintWriter out = spec.commandLine().getOut();
                if (options.json()) {
                    JsonOutput.print(out, answer);
                    return;
                }
                out.printf("Stored the retraining policy of %s from %s: %s.%n", model, file, policy.automatic()
                        ? "its triggers are checked by capstan server, and by capstan retrain check"
                        : "no trigger is watched, so it retrains only when asked (capstan retrain run)");
            }
        }

        @Command(name = "show", description = "Print a registered model's retraining policy.")
        static final class Show implements Runnable {
            @Spec
            CommandSpec spec;
            @Mixin
            ServerOptions options;
            @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
            String model;

            @Override
            public void run() {
                JsonNode answer = options.http().get(API + "policy/get?name="
                        + URLEncoder.encode(model, StandardCharsets.UTF_8));
                PrintWriter out = spec.commandLine().getOut();
                if (options.json()) {
                    JsonOutput.print(out, answer);
                } else {
                    out.print(answer.path("policy").asText());
                }
            }
        }
    }

    @Command(name = "check", description = "Judge the model's triggers on what monitoring saw of its production "
            + "version, and say what a retraining would do and why; changes nothing.")
    static final class Check implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
        String model;

        @Override
        public void run() {
            JsonNode answer = options.http().post(API + "check", Json.MAPPER.valueToTree(Map.of("name", model)));
            PrintWriter out = spec.commandLine().getOut();
            if (options.json()) {
                JsonOutput.print(out, answer);
                return;
            }
            printDecision(out, answer);
            out.printf("%n%s:%n", answer.path("retrain").asBoolean() ? "A retraining now would"
                    : "When it retrains, it will");
            int step = 1;
            for (JsonNode line : answer.path("plan")) {
                out.printf("  %d. %s%n", step++, line.asText());
            }
        }
    }

    @Command(name = "run", description = "Retrain now, whatever the triggers say (the cooldown and the maximum "
            + "frequency still apply): train, gate against production, register, then promote or roll out. Exit "
            + "code 1 unless the candidate is promoted or rolling out.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
        String model;

        @Override
        public Integer call() throws InterruptedException {
            MlflowHttp http = options.http();
            JsonNode answer = http.post(API + "run", Json.MAPPER.valueToTree(Map.of("name", model)));
            PrintWriter out = spec.commandLine().getOut();
            if (!options.json()) {
                printDecision(out, answer);
                out.flush();
            }
            JsonNode audit = answer;
            if (answer.path("outcome").asText().equals("running")) {
                audit = follow(http, answer.path("audit_run_id").asText(), options.json() ? null : out);
            }
            String outcome = audit.path("outcome").asText();
            if (options.json()) {
                JsonOutput.print(out, audit);
            } else if (!outcome.equals("skipped")) {
                if (audit.path("gates").size() > 0) {
                    out.printf("%nGates:%n");
                    audit.path("gates").forEach(g -> out.printf("  %s%n", g.asText()));
                }
                out.printf("%nOutcome: %s. %s%nAudit: run %s of experiment capstan-retrain/%s%n", outcome,
                        audit.path("reason").asText(), audit.path("run_id").asText(), model);
            }
            return outcome.equals("promoted") || outcome.equals("rolling_out") ? 0 : 1;
        }

        /** Waits for the retraining to end, printing each step as the audit records it. */
        private JsonNode follow(MlflowHttp http, String runId, PrintWriter out) throws InterruptedException {
            Set<String> printed = new HashSet<>();
            while (true) {
                JsonNode entry = null;
                for (JsonNode r : http.get(API + "history?name=" + URLEncoder.encode(model, StandardCharsets.UTF_8))
                        .path("retrainings")) {
                    if (r.path("run_id").asText().equals(runId)) {
                        entry = r;
                    }
                }
                if (entry == null) {
                    throw new IllegalStateException("The audit run " + runId + " of " + model + " is gone");
                }
                if (out != null) {
                    entry.path("steps").fields().forEachRemaining(step -> {
                        if (printed.add(step.getKey())) {
                            out.printf("  %-8s %s%n", step.getKey(), step.getValue().asText());
                            out.flush();
                        }
                    });
                }
                if (!entry.path("outcome").asText().equals("running")) {
                    return entry;
                }
                Thread.sleep(250);
            }
        }
    }

    @Command(name = "status", description = "Where the model's retraining stands: its production version, the "
            + "policy's triggers and limits, the latest retraining, and when the next one may start.")
    static final class Status implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
        String model;

        @Override
        public void run() {
            JsonNode s = options.http().get(API + "status?name=" + URLEncoder.encode(model, StandardCharsets.UTF_8));
            PrintWriter out = spec.commandLine().getOut();
            if (options.json()) {
                JsonOutput.print(out, s);
                return;
            }
            TextTable table = TextTable.keyValues();
            table.row("model", model);
            table.row("production version", s.path("production_version").asText());
            table.row("triggers", s.path("automatic").asBoolean()
                    ? String.join("; ", Json.MAPPER.convertValue(s.path("triggers"), String[].class))
                    : "none: retrained only by hand");
            table.row("cooldown", s.path("cooldown").asText());
            table.row("max runs", s.path("max_runs").asText());
            table.row("retrainings", s.path("retrainings").asInt());
            JsonNode latest = s.path("latest");
            table.row("latest", latest.isObject() ? latest.path("started").asText() + " " + latest.path("outcome")
                    .asText() + (latest.hasNonNull("candidate_version") ? " (version "
                    + latest.path("candidate_version").asText() + ")" : "") : "none");
            table.row("running now", s.path("running").asBoolean() ? "yes" : "no");
            table.row("next allowed", s.path("next_allowed").asText());
            table.print(out);
        }
    }

    @Command(name = "history", description = "The model's retrainings, newest first: what fired, the step reached, "
            + "the outcome and why.")
    static final class History implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Parameters(index = "0", paramLabel = "MODEL", description = "The registered model.")
        String model;

        @Override
        public void run() {
            JsonNode answer = options.http().get(API + "history?name=" + URLEncoder.encode(model,
                    StandardCharsets.UTF_8));
            PrintWriter out = spec.commandLine().getOut();
            if (options.json()) {
                JsonOutput.print(out, answer);
                return;
            }
            TextTable table = new TextTable(List.of(TextTable.Column.left("STARTED"), TextTable.Column.left("TRIGGERS"),
                    TextTable.Column.left("FROM"), TextTable.Column.left("TO"), TextTable.Column.left("STEP"),
                    TextTable.Column.left("OUTCOME"), TextTable.Column.left("REASON", 100)));
            answer.path("retrainings").forEach(r -> table.row(r.path("started").asText(),
                    String.join(", ", Json.MAPPER.convertValue(r.path("triggers"), String[].class)),
                    r.path("production_version").asText(""), r.path("candidate_version").asText(""),
                    r.path("step").asText(""), r.path("outcome").asText(), r.path("reason").asText("")));
            if (table.isEmpty()) {
                out.printf("%s has not been retrained.%n", model);
            } else {
                table.print(out);
            }
        }
    }

    /** The production version, each trigger's verdict and the decision. */
    private static void printDecision(PrintWriter out, JsonNode answer) {
        out.printf("%s, production version %s%n%n", answer.path("model").asText(),
                answer.path("production_version").asText());
        TextTable table = new TextTable(List.of(TextTable.Column.left("TRIGGER"), TextTable.Column.left("FIRED"),
                TextTable.Column.left("EVIDENCE", 110)));
        answer.path("findings").forEach(f -> table.row(f.path("trigger").asText(),
                f.path("fired").asBoolean() ? "yes" : "no", f.path("evidence").asText()));
        if (table.isEmpty()) {
            out.println("The policy watches no trigger.");
        } else {
            table.print(out);
        }
        out.printf("%n%s%n", answer.path("reason").asText());
    }
}
