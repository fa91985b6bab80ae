package dev.capstan.cli.pipeline;

import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.cli.internal.RunArtifactsOption;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.data.DataRepo;
import dev.capstan.pipeline.ParamOverrides;
import dev.capstan.pipeline.Repro;
import dev.capstan.pipeline.ReproTracking;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code capstan exp run|show}: DVC's experiments, recorded as tracking runs instead of git refs. */
@Command(name = "exp", description = "Run the pipeline with changed parameters as an experiment, and compare experiments.",
        subcommands = {ExpCommand.RunExperiment.class, ExpCommand.Show.class})
public final class ExpCommand {

    private static final String DEFAULT_EXPERIMENT = "experiments";

    @Command(name = "run", description = "Set parameters (-S), then reproduce the pipeline and record it as an "
            + "experiment run. The workspace keeps the new parameters and outputs; nothing is committed.")
    static final class RunExperiment implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private RepoOptions options;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(arity = "0..*", paramLabel = "STAGE", description = "Stages to reproduce (default: all).")
        private List<String> targets;
        @Option(names = {"-S", "--set-param"}, paramLabel = "[FILE:]KEY=VALUE",
                description = "Set a parameter first (repeatable); FILE defaults to params.yaml, VALUE is YAML.")
        private List<String> overrides;
        @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The experiment's name (default: exp-TIME).")
        private String name;
        @Option(names = "--experiment", paramLabel = "NAME", defaultValue = DEFAULT_EXPERIMENT,
                description = "The tracking experiment to record in (default: ${DEFAULT-VALUE}).")
        private String experiment;
        @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1", description = "Stages to run at once.")
        private int jobs;
        @Option(names = {"-f", "--force"}, description = "Run every stage even if nothing changed.")
        private boolean force;
        @Mixin
        private RunArtifactsOption artifacts;

        @Override
        public Integer call() {
            DataRepo repo = options.repo();
            List<ParamOverrides> sets = (overrides == null ? List.<String>of() : overrides).stream()
                    .map(ParamOverrides::parse).toList();
            sets.forEach(o -> o.apply(repo.root()));
            String runName = name != null ? name : "exp-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC).format(Instant.now());
            List<Tag> tags = List.of(new Tag("capstan.exp.overrides", String.join(" ",
                    overrides == null ? List.of() : overrides)));
            PrintWriter out = spec.commandLine().getOut();
            List<Repro.Outcome> outcomes = ReproCommand.tracked(repo, tracking, artifacts, experiment, runName, tags, line -> {
                synchronized (out) {
                    out.println(line);
                }
            }, DagCommand.stages(repo), new Repro.Options(
                    targets == null ? List.of() : targets, force, false, Math.max(1, jobs), false, false));
            ReproCommand.print(outcomes, out, false);
            return outcomes.stream().anyMatch(o -> o.result() == Repro.Result.FAILED) ? 1 : 0;
        }
    }

    @Command(name = "show", description = "The experiments with their parameters and metrics side by side, newest first.")
    static final class Show implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Option(names = "--experiment", paramLabel = "NAME", defaultValue = DEFAULT_EXPERIMENT,
                description = "The tracking experiment (default: ${DEFAULT-VALUE}).")
        private String experiment;
        @Option(names = "--json", description = "Print the experiments as JSON.")
        private boolean json;

        @Override
        public void run() {
            List<Run> runs;
            try (TrackingStore store = tracking.open()) {
                String id = store.getExperimentByName(experiment).experimentId();
                runs = store.searchRuns(new RunQuery(List.of(id), null, ViewType.ACTIVE_ONLY, 1000,
                        List.of("attributes.start_time DESC"), null)).items().stream()
                        .filter(r -> r.data().tags().stream().noneMatch(t -> t.key().equals(ReproTracking.PARENT_TAG)))
                        .toList();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, runs.stream().map(Show::summary).toList());
                return;
            }
            TreeSet<String> metrics = new TreeSet<>();
            TreeSet<String> params = new TreeSet<>();
            runs.forEach(r -> {
                r.data().metrics().forEach(m -> metrics.add(m.key()));
                r.data().params().forEach(p -> params.add(p.key()));
            });
            List<TextTable.Column> columns = new ArrayList<>(List.of(TextTable.Column.left("Experiment"),
                    TextTable.Column.left("Created"), TextTable.Column.left("Status")));
            metrics.forEach(m -> columns.add(TextTable.Column.right(m)));
            params.forEach(p -> columns.add(TextTable.Column.right(p)));
            TextTable table = new TextTable(columns);
            for (Run r : runs) {
                List<Object> row = new ArrayList<>(List.of(r.info().runName(), DateTimeFormatter.ISO_INSTANT.format(
                        Instant.ofEpochMilli(r.info().startTime()).truncatedTo(ChronoUnit.SECONDS)),
                        r.info().status().name().toLowerCase()));
                metrics.forEach(m -> row.add(r.data().metrics().stream().filter(x -> x.key().equals(m))
                        .map(x -> (Object) x.value()).findFirst().orElse("-")));
                params.forEach(p -> row.add(r.data().params().stream().filter(x -> x.key().equals(p))
                        .map(Param::value).findFirst().orElse("-")));
                table.row(row.toArray());
            }
            table.print(out);
            out.flush();
        }

        private static Map<String, Object> summary(Run r) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("name", r.info().runName());
            summary.put("run_id", r.info().runId());
            summary.put("start_time", r.info().startTime());
            summary.put("status", r.info().status().name());
            Map<String, Object> metrics = new LinkedHashMap<>();
            r.data().metrics().forEach(m -> metrics.put(m.key(), m.value()));
            Map<String, Object> params = new LinkedHashMap<>();
            r.data().params().forEach(p -> params.put(p.key(), p.value()));
            summary.put("metrics", metrics);
            summary.put("params", params);
            return summary;
        }
    }
}
