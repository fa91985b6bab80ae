package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.data.DataRepo;
import dev.capstan.data.DataVersioning;
import dev.capstan.data.DvcFile;
import dev.capstan.data.ProgressListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code dvc repro}: runs the stages whose command, dependencies, parameters or outputs changed since
 * {@code dvc.lock}, upstream first, independent stages in parallel; commits their outputs to the cache and records
 * each finished stage in {@code dvc.lock}. A failing stage leaves its lock entry as it was and stops what depends
 * on it; without {@code keepGoing} no further stage starts. Stage logs go to {@code .dvc/tmp/repro/STAGE.log}.
 */
public final class Repro {

    /**
     * @param targets   stage names (all when empty)
     * @param force     run even unchanged stages
     * @param single    only the targets, not what they depend on
     * @param jobs      stages run at once
     * @param dry       say what would run, run nothing
     * @param keepGoing after a failure, still run what does not depend on it
     */
    public record Options(List<String> targets, boolean force, boolean single, int jobs, boolean dry, boolean keepGoing) {
    }

    /** What happened to one stage. */
    public enum Result { RAN, RESTORED, UNCHANGED, FROZEN, WOULD_RUN, FAILED, NOT_RUN }

    /**
     * @param stage   its name
     * @param result  what happened
     * @param reasons why it ran or would run, or why it did not
     * @param millis  how long it ran
     */
    public record Outcome(String stage, Result result, List<String> reasons, long millis) {
    }

    /** Told about every stage that ran, was restored from the run-cache or failed (e.g. to track it). */
    public interface Listener {
        /**
         * @param state its dependencies, parameters and outputs afterwards (before it, when it failed)
         * @param log   the file with its output
         */
        void stageFinished(Stage stage, Outcome outcome, StageState state, Path log);
    }

    private final DataRepo repo;
    private final RunCache runCache;
    private final Consumer<String> lines;
    private final Listener listener;
    private final Map<String, Pipeline.Step> functions;

    /** {@code lines} receives every line of the stages' output, prefixed with the stage, and progress messages. */
    public Repro(DataRepo repo, Consumer<String> lines, Listener listener) {
        this(repo, lines, listener, Map.of());
    }

    /** For a pipeline defined in Java: {@code functions} run the stages of those names instead of commands. */
    Repro(DataRepo repo, Consumer<String> lines, Listener listener, Map<String, Pipeline.Step> functions) {
        this.repo = repo;
        this.runCache = new RunCache(repo);
        this.lines = lines;
        this.listener = listener;
        this.functions = Map.copyOf(functions);
    }

    public Repro(DataRepo repo, Consumer<String> lines) {
        this(repo, lines, (stage, outcome, state, log) -> { });
    }

    /** Runs stages from {@code dvc.yaml} files, recording each in the {@code dvc.lock} beside its file. */
    public List<Outcome> run(List<Stage> stages, Options options) {
        Map<Path, LockFile> locks = new ConcurrentHashMap<>();
        return run(stages, stage -> locks.computeIfAbsent(stage.dvcYaml().toAbsolutePath(), LockFile::beside), options);
    }

    List<Outcome> run(List<Stage> stages, Function<Stage, LockFile> locks, Options options) {
        Dag dag = Dag.of(stages);
        List<Stage> chosen = dag.order(options.targets(), options.single());
        if (chosen.isEmpty()) {
            return List.of();
        }
        rejectMissingSources(dag, chosen);
        // stages are decided on every core (hashing their inputs); at most `jobs` of them run at once
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(options.jobs(),
                Runtime.getRuntime().availableProcessors()));
        Semaphore slots = new Semaphore(Math.max(1, options.jobs()));
        AtomicBoolean failed = new AtomicBoolean();
        try (DataVersioning data = new DataVersioning(repo)) {
            Map<String, CompletableFuture<Outcome>> outcomes = new LinkedHashMap<>();
            for (Stage stage : chosen) {
                List<CompletableFuture<Outcome>> upstream = dag.upstream(stage.name()).stream().map(outcomes::get)
                        .filter(Objects::nonNull).toList();
                outcomes.put(stage.name(), CompletableFuture.allOf(upstream.toArray(CompletableFuture[]::new))
                        .thenApplyAsync(v -> step(stage, upstream, data, locks.apply(stage), options, failed, slots),
                                pool));
            }
            return outcomes.values().stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    /** A dependency that no stage produces must exist before anything runs. */
    private static void rejectMissingSources(Dag dag, List<Stage> chosen) {
        for (Stage stage : chosen) {
            for (String dep : stage.deps()) {
                Path path = stage.workDir().resolve(dep).normalize();
                boolean produced = dag.stages().stream().anyMatch(s -> s.outs().stream()
                        .map(o -> s.workDir().resolve(o.path()).normalize())
                        .anyMatch(out -> path.startsWith(out) || out.startsWith(path)));
                if (!produced && !Files.exists(path)) {
                    throw CapstanException.notFound("%s: stage '%s' depends on '%s', which does not exist and no stage "
                            + "produces", stage.dvcYaml(), stage.name(), dep);
                }
            }
        }
    }

    private Outcome step(Stage stage, List<CompletableFuture<Outcome>> upstream, DataVersioning data, LockFile lock,
                         Options options, AtomicBoolean failed, Semaphore slots) {
        List<String> blocked = upstream.stream().map(CompletableFuture::join)
                .filter(o -> o.result() == Result.FAILED || o.result() == Result.NOT_RUN)
                .map(o -> "upstream stage '" + o.stage() + "' did not run").toList();
        if (!blocked.isEmpty() || (failed.get() && !options.keepGoing())) {
            return new Outcome(stage.name(), Result.NOT_RUN, blocked.isEmpty() ? List.of("an earlier stage failed")
                    : blocked, 0);
        }
        if (stage.frozen() && !options.force()) {
            return new Outcome(stage.name(), Result.FROZEN, List.of("frozen"), 0);
        }
        boolean upstreamWouldRun = upstream.stream().anyMatch(f -> f.join().result() == Result.WOULD_RUN);
        StageState before = state(stage, data);
        List<String> reasons = options.force() ? List.of("forced")
                : before.changesSince(stage, lock.stage(stage.nameInFile()));
        if (options.dry() && (upstreamWouldRun || !reasons.isEmpty())) {
            lines.accept("Would run stage '" + stage.name() + "': " + String.join(" && ", stage.cmd()));
            return new Outcome(stage.name(), Result.WOULD_RUN, upstreamWouldRun && reasons.isEmpty()
                    ? List.of("an upstream stage would run") : reasons, 0);
        }
        if (reasons.isEmpty()) {
            lines.accept("Stage '" + stage.name() + "' didn't change, skipping");
            return new Outcome(stage.name(), Result.UNCHANGED, List.of(), 0);
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(stage.name(), Result.FAILED, List.of("interrupted"), 0);
        }
        try {
            return failed.get() && !options.keepGoing()
                    ? new Outcome(stage.name(), Result.NOT_RUN, List.of("an earlier stage failed"), 0)
                    : run(stage, reasons, before, data, lock, failed, options.force());
        } finally {
            slots.release();
        }
    }

    /** Restores the stage from the run-cache or runs it, then commits its outputs and records it. */
    private Outcome run(Stage stage, List<String> reasons, StageState before, DataVersioning data, LockFile lock,
                        AtomicBoolean failed, boolean force) {
        long start = System.nanoTime();
        try {
            Optional<LockedStage> earlier = force || !RunCache.applies(stage) ? Optional.empty()
                    : runCache.lookup(stage, before);
            if (earlier.isPresent()) {
                restore(stage, earlier.get(), data);
                lock.put(stage.nameInFile(), earlier.get());
                return finished(stage, new Outcome(stage.name(), Result.RESTORED, reasons, millisSince(start)),
                        state(stage, data));
            }
            execute(stage, reasons);
            StageState after = commit(stage, data);
            LockedStage entry = after.lock(stage);
            lock.put(stage.nameInFile(), entry);
            if (RunCache.applies(stage)) {
                runCache.save(stage, entry);
            }
            return finished(stage, new Outcome(stage.name(), Result.RAN, reasons, millisSince(start)), after);
        } catch (StageProcess.StageFailure | CapstanException e) {
            failed.set(true);
            lines.accept("ERROR: stage '" + stage.name() + "' failed: " + e.getMessage());
            return finished(stage, new Outcome(stage.name(), Result.FAILED, List.of(e.getMessage()), millisSince(start)),
                    before);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed.set(true);
            return new Outcome(stage.name(), Result.FAILED, List.of("interrupted"), 0);
        }
    }

    private Outcome finished(Stage stage, Outcome outcome, StageState state) {
        listener.stageFinished(stage, outcome, state, log(stage));
        return outcome;
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private Path log(Stage stage) {
        return repo.tmpDir().resolve("repro").resolve(stage.name().replace('/', '_').replace(':', '_') + ".log");
    }

    /** Puts an earlier run's outputs back from the cache instead of running the stage. */
    private void restore(Stage stage, LockedStage earlier, DataVersioning data) {
        lines.accept("Stage '" + stage.name() + "' is cached: restoring its outputs instead of running it");
        data.checkoutFiles(List.of(new DvcFile(stage.workDir().resolve(stage.dvcYaml().getFileName()), earlier.outs())), true,
                ProgressListener.NONE);
        stage.outs().stream().filter(Stage.Output::cache)   // the others are kept in git
                .forEach(out -> data.ignoreInGit(stage.workDir().resolve(out.path()).normalize()));
    }

    /** Removes the outputs that do not persist, then runs the commands. */
    private void execute(Stage stage, List<String> reasons) throws InterruptedException {
        lines.accept("Running stage '" + stage.name() + "' (" + String.join(", ", reasons) + "):");
        stage.cmd().forEach(cmd -> lines.accept("> " + cmd));
        for (Stage.Output out : stage.outs()) {
            if (!out.persist()) {
                deleteRecursively(stage.workDir().resolve(out.path()));
            }
        }
        Path log = log(stage);
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + log.getParent(), e);
        }
        new StageProcess(stage, functions.get(stage.name()), lines).run(log);
    }

    /** Commits the cached outputs and hashes the rest, after checking that every output exists. */
    private StageState commit(Stage stage, DataVersioning data) {
        List<DvcFile.Output> outs = new ArrayList<>();
        for (Stage.Output out : stage.outs()) {
            Path path = stage.workDir().resolve(out.path()).normalize();
            if (!Files.exists(path)) {
                throw CapstanException.invalid("output '%s' of stage '%s' does not exist after its command ran",
                        out.path(), stage.name());
            }
            if (out.cache()) {
                outs.add(data.commit(path, out.path(), ProgressListener.NONE));
                data.ignoreInGit(path);
            } else {
                outs.add(data.hash(path, out.path()));
            }
        }
        StageState now = state(stage, data);
        return new StageState(now.deps(), now.params(), outs);
    }

    /** The stage's dependencies, parameters and outputs as they are now. */
    StageState state(Stage stage, DataVersioning data) {
        List<DvcFile.Output> deps = stage.deps().stream().map(d -> hashOrAbsent(data, stage, d)).toList();
        List<DvcFile.Output> outs = stage.outs().stream().map(o -> hashOrAbsent(data, stage, o.path())).toList();
        return new StageState(deps, ParamValues.of(stage), outs);
    }

    private static DvcFile.Output hashOrAbsent(DataVersioning data, Stage stage, String path) {
        DvcFile.Output out = data.hash(stage.workDir().resolve(path).normalize(), path);
        return out != null ? out : new DvcFile.Output(null, null, null, false, path);
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the output " + path + " before running: " + e.getMessage(), e);
        }
    }
}
