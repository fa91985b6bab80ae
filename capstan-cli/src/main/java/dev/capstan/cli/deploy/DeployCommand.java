package dev.capstan.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.cli.internal.FeedbackFiles;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.ServerUrl;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.deploy.DeploymentClient;
import dev.capstan.deploy.DeploymentSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code capstan deploy}: deployments of a running {@code capstan server}. */
@Command(name = "deploy", description = "Manage the deployments a capstan server serves: blue-green, canary, shadow, "
        + "A/B and progressive rollouts.", subcommands = {DeployCommand.Create.class, DeployCommand.ListAll.class,
        DeployCommand.Status.class, DeployCommand.SetWeight.class, DeployCommand.Promote.class,
        DeployCommand.Rollback.class, DeployCommand.Feedback.class, DeployCommand.Delete.class})
public final class DeployCommand {

    /** The server and output options every subcommand shares. */
    static final class ServerOptions {

        @Option(names = "--server", paramLabel = "URL",
                description = "The capstan server (default: $CAPSTAN_TRACKING_URI or $MLFLOW_TRACKING_URI when it is "
                        + "http(s), else http://127.0.0.1:5000).")
        String server;
        @Option(names = "--json", description = "Print the server's JSON answer.")
        boolean json;
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why: recorded with the change.")
        String reason;

        DeploymentClient client() {
            return new DeploymentClient(ServerUrl.resolve(server), System.getProperty("user.name", "unknown"));
        }
    }

    /** Prints one deployment as a short table (or JSON). */
    static void show(PrintWriter out, ServerOptions options, JsonNode deployment) {
        if (options.json) {
            JsonOutput.print(out, deployment);
            return;
        }
        TextTable table = TextTable.keyValues();
        table.row("name", deployment.path("name").asText());
        table.row("strategy", deployment.path("strategy").asText());
        table.row("status", deployment.path("status").asText());
        table.row("candidate weight", deployment.path("weight").asInt() + " %");
        table.row("primary version", deployment.path("primary_version").asText(""));
        table.row("candidate version", deployment.path("candidate_version").asText(""));
        if (deployment.hasNonNull("message")) {
            table.row("message", deployment.get("message").asText());
        }
        table.print(out);
    }

    @Command(name = "create", description = "Deploy what a deployment file (YAML) declares; loads and warms its "
            + "versions first.")
    static final class Create implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The deployment file.")
        Path file;

        @Override
        public void run() {
            String text;
            try {
                text = Files.readString(file);
            } catch (NoSuchFileException e) {
                throw CapstanException.invalid("Deployment file %s does not exist", file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            DeploymentSpec parsed = DeploymentSpec.parse(text, file.toString());
            show(spec.commandLine().getOut(), options, options.client().create(parsed, options.reason));
        }
    }

    @Command(name = "list", description = "Every deployment.")
    static final class ListAll implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;

        @Override
        public void run() {
            JsonNode all = options.client().list();
            PrintWriter out = spec.commandLine().getOut();
            if (options.json) {
                JsonOutput.print(out, all);
                return;
            }
            TextTable table = new TextTable(List.of(TextTable.Column.left("NAME"),
                    TextTable.Column.left("STRATEGY"), TextTable.Column.left("STATUS"),
                    TextTable.Column.right("WEIGHT"),
                    TextTable.Column.left("PRIMARY"), TextTable.Column.left("CANDIDATE")));
            for (JsonNode d : all.path("deployments")) {
                table.row(d.path("name").asText(), d.path("strategy").asText(), d.path("status").asText(),
                        d.path("weight").asInt() + " %", d.path("primary_version").asText(""),
                        d.path("candidate_version").asText(""));
            }
            if (table.isEmpty()) {
                out.println("No deployments. Create one with: capstan deploy create -f deploy.yaml");
            } else {
                table.print(out);
            }
        }
    }

    @Command(name = "status", description = "A deployment, the versions serving it, and its history.")
    static final class Status implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            JsonNode detail = options.client().get(name);
            PrintWriter out = spec.commandLine().getOut();
            if (options.json) {
                JsonOutput.print(out, detail);
                return;
            }
            show(out, options, detail.path("deployment"));
            out.println();
            TextTable serving = new TextTable(List.of(TextTable.Column.left("VARIANT"),
                    TextTable.Column.left("VERSION"), TextTable.Column.left("URI")));
            detail.path("serving").forEach(v -> serving.row(v.path("variant").asText(), v.path("version").asText(),
                    v.path("uri").asText()));
            serving.print(out);
            out.println();
            TextTable events = new TextTable(List.of(TextTable.Column.left("TIME"),
                    TextTable.Column.left("ACTOR"), TextTable.Column.left("ACTION"), TextTable.Column.left("STATUS"),
                    TextTable.Column.right("WEIGHT"), TextTable.Column.left("REASON", 80)));
            detail.path("events").forEach(e -> events.row(Instant.ofEpochMilli(e.path("time").asLong()).toString(),
                    e.path("actor").asText(), e.path("action").asText(), e.path("status").asText(),
                    e.path("weight").asInt() + " %", e.path("reason").asText("")));
            events.print(out);
            JsonNode ab = detail.path("ab");
            if (!ab.isMissingNode()) {
                out.println();
                String measure = ab.path("variants").path("primary").has("rate") ? "rate" : "mean";
                TextTable variants = new TextTable(List.of(TextTable.Column.left("VARIANT"),
                        TextTable.Column.right("FEEDBACK"), TextTable.Column.right(ab.path("metric").asText()
                                + " " + measure)));
                ab.path("variants").fields().forEachRemaining(v -> variants.row(v.getKey(),
                        v.getValue().path("n").asLong(), v.getValue().path(measure).isNull() ? ""
                                : String.format(Locale.ROOT, "%.4f", v.getValue().path(measure).asDouble())));
                variants.print(out);
                JsonNode test = ab.path("test");
                out.printf(Locale.ROOT, "%s: %s%n", test.path("name").asText(), test.path("p_value").isNull()
                        ? test.path("note").asText() : String.format(Locale.ROOT, "statistic %.4f, p-value "
                        + "%.4g", test.path("statistic").asDouble(), test.path("p_value").asDouble()));
            }
        }
    }

    @Command(name = "feedback", description = "Send A/B feedback from a CSV file with a request_id column and a "
            + "label or value column (accuracy and absolute_error take labels; conversion and value take values).")
    static final class Feedback implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Override
        public void run() {
            java.util.List<java.util.Map<String, Object>> items = FeedbackFiles.read(file);
            JsonNode result = options.client().feedback(name, items);
            PrintWriter out = spec.commandLine().getOut();
            if (options.json) {
                JsonOutput.print(out, result);
                return;
            }
            out.printf("%d matched, %d for unknown or forgotten requests, %d refused%n", result.path("matched").asInt(),
                    result.path("unmatched").asInt(), result.path("invalid").asInt());
            result.path("problems").forEach(p -> out.println("  " + p.asText()));
        }
    }

    /** A change to one named deployment, whose answer is shown as {@link #show} shows it. */
    abstract static class Change implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        abstract JsonNode apply(DeploymentClient client);

        @Override
        public void run() {
            show(spec.commandLine().getOut(), options, apply(options.client()));
        }
    }

    @Command(name = "set-weight", description = "Set the candidate's share of requests, 0-100 (shadow: the mirrored "
            + "share).")
    static final class SetWeight extends Change {
        @Parameters(index = "1", paramLabel = "WEIGHT")
        int weight;

        @Override
        JsonNode apply(DeploymentClient client) {
            return client.setWeight(name, weight, options.reason);
        }
    }

    @Command(name = "promote", description = "Give the candidate all traffic and move the alias to it (a paused "
            + "progressive rollout goes on to its next step).")
    static final class Promote extends Change {
        @Override
        JsonNode apply(DeploymentClient client) {
            return client.promote(name, options.reason);
        }
    }

    @Command(name = "rollback", description = "Send no traffic to the candidate; after a promotion, serve the former "
            + "primary again.")
    static final class Rollback extends Change {
        @Override
        JsonNode apply(DeploymentClient client) {
            return client.rollback(name, options.reason);
        }
    }

    @Command(name = "delete", description = "Stop serving a deployment; its history stays.")
    static final class Delete implements Runnable {
        @Spec
        CommandSpec spec;
        @Mixin
        ServerOptions options;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            options.client().delete(name);
            spec.commandLine().getOut().printf("Deleted deployment %s%n", name);
        }
    }
}
