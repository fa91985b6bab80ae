package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.data.DataRepo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A pipeline defined in Java, run by the same executor as {@code dvc.yaml} stages: a step runs only when its inputs
 * or its version changed or an output is missing, its outputs go to the cache (and the run-cache), independent steps
 * run in parallel, retries and timeouts apply, and each run is recorded in {@code NAME.lock} at the repository root
 * (in {@code dvc.lock}'s format) and, through a {@link Repro.Listener}, in the tracking store.
 *
 * <pre>{@code
 * Pipeline.builder("churn")
 *     .step("clean", List.of("data/raw.csv"), List.of("data/clean.csv"), step -> clean(step.path("data/raw.csv")))
 *     .step("train", List.of("data/clean.csv"), List.of("model.bin"), step -> train(...)).retries(2, Duration.ofSeconds(5))
 *     .build()
 *     .run(repo, new Repro.Options(List.of(), false, false, 2, false, false), System.out::println, (s, o, st, l) -> { });
 * }</pre>
 */
public final class Pipeline {

    /** What a step does; a thrown exception fails it (and is retried when asked). */
    @FunctionalInterface
    public interface Step {
        void run(StepContext context) throws Exception;
    }

    /**
     * What a step gets.
     *
     * @param workDir the repository root, which its input and output paths are relative to
     * @param log     lines for the stage's log, shown with a {@code [step]} prefix
     */
    public record StepContext(Path workDir, Consumer<String> log) {

        public Path path(String relative) {
            return workDir.resolve(relative);
        }
    }

    private final String name;
    private final List<StepDefinition> steps;

    private record StepDefinition(String name, List<String> inputs, List<String> outputs, Step function,
                                  String version, Map<String, Object> options) {
    }

    private Pipeline(String name, List<StepDefinition> steps) {
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    public static Builder builder(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw CapstanException.invalid("A pipeline name is letters, digits, '_', '.' and '-', found '%s'", name);
        }
        return new Builder(name);
    }

    /** Runs the steps as {@code repro} runs stages; {@code lines} gets their output, {@code listener} each outcome. */
    public List<Repro.Outcome> run(DataRepo repo, Repro.Options options, Consumer<String> lines, Repro.Listener listener) {
        Path definedAt = repo.root().resolve(name);
        List<Stage> stages = new ArrayList<>();
        Map<String, Step> functions = new LinkedHashMap<>();
        for (StepDefinition step : steps) {
            String cmd = "java:" + name + "/" + step.name() + (step.version() == null ? "" : "@" + step.version());
            stages.add(new Stage(step.name(), definedAt, List.of(cmd), ".", step.inputs(), List.of(),
                    step.outputs().stream().map(o -> new Stage.Output(o, Stage.Output.Kind.OUTS, true, false, true))
                            .toList(), false, false, null, Map.of("capstan", step.options())));
            functions.put(step.name(), step.function());
        }
        LockFile lock = LockFile.at(repo.root().resolve(name + ".lock"));
        return new Repro(repo, lines, listener, functions).run(stages, stage -> lock, options);
    }

    /** Adds steps in order; the settings after a step apply to it. */
    public static final class Builder {
        private final String name;
        private final List<StepDefinition> steps = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** A step reading {@code inputs} and writing {@code outputs} (paths relative to the repository root). */
        public Builder step(String step, List<String> inputs, List<String> outputs, Step function) {
            if (steps.stream().anyMatch(s -> s.name().equals(step))) {
                throw CapstanException.invalid("Pipeline '%s' already has a step named '%s'", name, step);
            }
            steps.add(new StepDefinition(step, List.copyOf(inputs), List.copyOf(outputs), function, null, Map.of()));
            return this;
        }

        /** Runs the last step again up to {@code retries} times, after {@code delay}, doubled each time (±50 %). */
        public Builder retries(int retries, Duration delay) {
            return option("retries", retries).option("retry_delay", delay.toMillis() + "ms");
        }

        /** Fails the last step (interrupting it) when it runs longer than {@code timeout}. */
        public Builder timeout(Duration timeout) {
            return option("timeout", timeout.toMillis() + "ms");
        }

        /** The last step's version: changing it re-runs the step, as a changed command does in {@code dvc.yaml}. */
        public Builder version(String version) {
            StepDefinition last = last();
            steps.set(steps.size() - 1, new StepDefinition(last.name(), last.inputs(), last.outputs(), last.function(),
                    version, last.options()));
            return this;
        }

        public Pipeline build() {
            return new Pipeline(name, steps);
        }

        private Builder option(String key, Object value) {
            StepDefinition last = last();
            Map<String, Object> options = new LinkedHashMap<>(last.options());
            options.put(key, value);
            steps.set(steps.size() - 1, new StepDefinition(last.name(), last.inputs(), last.outputs(), last.function(),
                    last.version(), options));
            return this;
        }

        private StepDefinition last() {
            if (steps.isEmpty()) {
                throw CapstanException.invalid("Add a step before setting its options");
            }
            return steps.get(steps.size() - 1);
        }
    }
}
