package dev.capstan.cli.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.cli.internal.RunArtifactsOption;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.data.DataRepo;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.pipeline.Repro;
import dev.capstan.pipeline.ReproTracking;
import dev.capstan.pipeline.Stage;
import dev.capstan.pipeline.StageState;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** {@code capstan repro}: DVC's {@code dvc repro} on the repository's {@code dvc.yaml}. */
@Command(name = "repro", description = "Run the pipeline in dvc.yaml: the stages whose command, dependencies, "
        + "parameters or outputs changed since dvc.lock, upstream first; record them in dvc.lock.")
public final class ReproCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Mixin
    private RepoOptions options;
    @Parameters(arity = "0..*", paramLabel = "STAGE", description = "Stages to reproduce, with what they depend on "
            + "(default: all).")
    private List<String> targets;
    @Option(names = {"-f", "--force"}, description = "Run the stages even if nothing changed.")
    private boolean force;
    @Option(names = {"-s", "--single-item"}, description = "Only the named stages, not what they depend on.")
    private boolean single;
    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "1",
            description = "Stages to run at once when independent (default: ${DEFAULT-VALUE}).")
    private int jobs;
    @Option(names = "--dry", description = "Say which stages would run and why; run nothing.")
    private boolean dry;
    @Option(names = {"-k", "--keep-going"}, description = "After a failure, still run the stages that do not depend on it.")
    private boolean keepGoing;
    @Option(names = "--json", description = "Print each stage's outcome as JSON.")
    private boolean json;
    @Mixin
    private TrackingOptions tracking;
    @Option(names = "--experiment", paramLabel = "NAME", defaultValue = "pipelines",
            description = "The experiment the repro and its stages are recorded in (default: ${DEFAULT-VALUE}).")
    private String experiment;
    @Option(names = "--no-track", description = "Do not record the repro in the tracking store.")
    private boolean noTrack;
    @Mixin
    private RunArtifactsOption artifacts;

    @Override
    public Integer call() {
        if (jobs < 1) {
            throw CapstanException.invalid("--jobs must be at least 1, found %d", jobs);
        }
        DataRepo repo = options.repo();
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> lines = line -> {
            synchronized (out) {
                (json ? spec.commandLine().getErr() : out).println(line);
            }
        };
        List<Stage> stages = DagCommand.stages(repo);
        Repro.Options repro = new Repro.Options(targets == null ? List.of() : targets, force, single, jobs, dry, keepGoing);
        List<Repro.Outcome> outcomes = noTrack || dry ? new Repro(repo, lines).run(stages, repro)
                : tracked(repo, tracking, artifacts, experiment, "repro", List.of(), lines, stages, repro);
        print(outcomes, out, json);
        return outcomes.stream().anyMatch(o -> o.result() == Repro.Result.FAILED) ? 1 : 0;
    }

    /**
     * Runs the stages, recorded as a run named {@code runName} in {@code experiment} once a stage ran, was restored
     * or failed (the store is opened then, so a repro with nothing to do costs no database), and says where.
     */
    static List<Repro.Outcome> tracked(DataRepo repo, TrackingOptions tracking, RunArtifactsOption artifacts,
                                       String experiment, String runName, List<Tag> tags, Consumer<String> lines,
                                       List<Stage> stages, Repro.Options options) {
        try (OnFirstStage recorder = new OnFirstStage(() -> {
            TrackingStore store = tracking.open();
            return Map.entry(store, ReproTracking.start(store, artifacts.open(tracking), experiment, repo.root(),
                    runName, tags));
        })) {
            List<Repro.Outcome> outcomes;
            try {
                outcomes = new Repro(repo, lines, recorder).run(stages, options);
            } catch (RuntimeException e) {
                recorder.finish(false);
                throw e;
            }
            if (recorder.finish(outcomes.stream().noneMatch(o -> o.result() == Repro.Result.FAILED))) {
                lines.accept("Recorded as run " + recorder.runId() + " in experiment '" + experiment + "' at "
                        + tracking.uri());
            }
            return outcomes;
        }
    }

    /** Starts tracking when the first stage finishes. */
    private static final class OnFirstStage implements Repro.Listener, AutoCloseable {
        private final Supplier<Map.Entry<TrackingStore, ReproTracking>> start;
        private Map.Entry<TrackingStore, ReproTracking> started;

        OnFirstStage(Supplier<Map.Entry<TrackingStore, ReproTracking>> start) {
            this.start = start;
        }

        @Override
        public synchronized void stageFinished(Stage stage, Repro.Outcome outcome, StageState state, Path log) {
            if (started == null) {
                started = start.get();
            }
            started.getValue().stageFinished(stage, outcome, state, log);
        }

        /** Ends the run, if one was started; whether one was. */
        synchronized boolean finish(boolean succeeded) {
            if (started != null) {
                started.getValue().finish(succeeded);
            }
            return started != null;
        }

        synchronized String runId() {
            return started.getValue().runId();
        }

        @Override
        public synchronized void close() {
            if (started != null) {
                started.getKey().close();
            }
        }
    }

    static void print(List<Repro.Outcome> outcomes, PrintWriter out, boolean json) {
        if (json) {
            JsonOutput.print(out, outcomes.stream().map(o -> Map.of("stage", o.stage(), "result",
                    o.result().name().toLowerCase(), "reasons", o.reasons(), "millis", o.millis())).toList());
            return;
        }
        TextTable table = new TextTable(List.of(TextTable.Column.left("STAGE"), TextTable.Column.left("RESULT"),
                TextTable.Column.right("SECONDS"), TextTable.Column.left("WHY", 80)));
        outcomes.forEach(o -> table.row(o.stage(), o.result().name().toLowerCase().replace('_', ' '),
                String.format("%.1f", o.millis() / 1000.0), String.join("; ", o.reasons())));
        out.println();
        table.print(out);
        out.flush();
    }
}
