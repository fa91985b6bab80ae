package dev.capstan.cli.tracking;

import dev.capstan.cli.internal.Formats;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.cli.internal.TextTable.Column;
import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;

/** {@code capstan experiments list|create|describe}. */
@Command(name = "experiments", description = "List, create and describe experiments.",
        subcommands = {ExperimentsCommand.ListExperiments.class, ExperimentsCommand.CreateExperiment.class,
                ExperimentsCommand.DescribeExperiment.class})
public final class ExperimentsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, create or describe");
    }

    /** {@code experiments list}. */
    @Command(name = "list", description = "List experiments.")
    static final class ListExperiments implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Option(names = "--view", paramLabel = "VIEW", defaultValue = "active", converter = ViewOption.class,
                completionCandidates = ViewOption.class, description = "active, deleted or all (default: ${DEFAULT-VALUE})")
        private ViewType view;
        @Option(names = "--json", description = "Print MLflow's JSON instead of a table.")
        private boolean json;

        @Override
        public void run() {
            try (TrackingStore store = tracking.open()) {
                print(ExperimentRefs.all(store, view), spec.commandLine().getOut());
            }
        }

        private void print(List<Experiment> experiments, PrintWriter out) {
            if (json) {
                JsonOutput.print(out, JsonOutput.wrap("experiments", experiments));
                return;
            }
            TextTable table = new TextTable(List.of(Column.right("ID"), Column.left("NAME"), Column.left("STAGE"),
                    Column.left("CREATED"), Column.left("ARTIFACT LOCATION", 60)));
            experiments.forEach(e -> table.row(e.experimentId(), e.name(), e.lifecycleStage(),
                    Formats.time(e.creationTime()), e.artifactLocation()));
            table.print(out);
        }
    }

    /** {@code experiments create}. */
    @Command(name = "create", description = "Create an experiment.")
    static final class CreateExperiment implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(paramLabel = "NAME", description = "A name no other experiment has.")
        private String name;
        @Option(names = "--artifact-location", paramLabel = "URI",
                description = "Where runs store artifacts (default: the server's proxied artifact store).")
        private String artifactLocation;

        @Override
        public void run() {
            try (TrackingStore store = tracking.open()) {
                String id = store.createExperiment(name, artifactLocation, List.of());
                spec.commandLine().getOut().printf("Created experiment '%s' with id %s%n", name, id);
            }
        }
    }

    /** {@code experiments describe}. */
    @Command(name = "describe", description = "Show one experiment.")
    static final class DescribeExperiment implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(paramLabel = "ID_OR_NAME")
        private String idOrName;
        @Option(names = "--json", description = "Print MLflow's JSON.")
        private boolean json;

        @Override
        public void run() {
            try (TrackingStore store = tracking.open()) {
                print(ExperimentRefs.resolve(store, idOrName), spec.commandLine().getOut());
            }
        }

        private void print(Experiment e, PrintWriter out) {
            if (json) {
                JsonOutput.print(out, JsonOutput.wrap("experiment", e));
                return;
            }
            TextTable fields = TextTable.keyValues()
                    .row("id", e.experimentId())
                    .row("name", e.name())
                    .row("lifecycle stage", e.lifecycleStage())
                    .row("artifact location", e.artifactLocation())
                    .row("created", Formats.time(e.creationTime()))
                    .row("last updated", Formats.time(e.lastUpdateTime()));
            for (Tag tag : e.tags() == null ? List.<Tag>of() : e.tags()) {
                fields.row("tag " + tag.key(), tag.value());
            }
            fields.print(out);
        }
    }
}
