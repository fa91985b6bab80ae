package dev.capstan.pipeline;

import dev.capstan.CapstanException;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a stage's commands with {@code sh -c} in its work directory (or, for a step of a {@link Pipeline} defined in
 * Java, its function), each output line streamed with a {@code [stage]} prefix and kept in a log file, under
 * Capstan's extensions in {@code meta.capstan}: {@code retries}
 * (default 0) with {@code retry_delay} (default 1s) doubled per attempt with ±50 % jitter, {@code timeout} (the
 * process tree is killed when it passes) and {@code env}. Durations are seconds or {@code 500ms}, {@code 5s},
 * {@code 2m}, {@code 1h}.
 */
final class StageProcess {


    private final Stage stage;
    private final Consumer<String> lines;
    private final int retries;
    private final Duration retryDelay;
    private final Duration timeout;
    private final Map<String, String> env;
    private final Pipeline.Step function;

    /** {@code function} is null for a stage of commands. */
    StageProcess(Stage stage, Pipeline.Step function, Consumer<String> lines) {
        this.stage = stage;
        this.function = function;
        this.lines = lines;
        Map<?, ?> capstan = stage.meta().get("capstan") instanceof Map<?, ?> m ? m : Map.of();
        this.retries = capstan.get("retries") == null ? 0 : integer(capstan.get("retries"), "retries");
        Object delay = capstan.get("retry_delay");
        this.retryDelay = duration(delay == null ? "1s" : delay, "retry_delay");
        this.timeout = capstan.get("timeout") == null ? null : duration(capstan.get("timeout"), "timeout");
        this.env = capstan.get("env") instanceof Map<?, ?> e ? strings(e) : Map.of();
    }

    /** Runs the commands until they all succeed or the retries are spent; throws {@link StageFailure} then. */
    void run(Path log) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try (Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                if (function != null) {
                    call(out);
                    return;
                }
                for (String cmd : stage.cmd()) {
                    runOne(cmd, out);
                }
                return;
            } catch (StageFailure e) {
                if (attempt >= retries) {
                    throw e;
                }
                long millis = (long) (retryDelay.toMillis() * Math.pow(2, attempt)
                        * ThreadLocalRandom.current().nextDouble(0.5, 1.5));
                lines.accept("[" + stage.name() + "] " + e.getMessage() + "; retry " + (attempt + 1) + " of " + retries
                        + " in " + millis + " ms");
                Thread.sleep(millis);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the log " + log, e);
            }
        }
    }

    private void runOne(String cmd, Writer log) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", cmd).directory(stage.workDir().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        Launcher.directory().ifPresent(dir -> builder.environment().merge("PATH", dir.toString(),
                (path, first) -> first + File.pathSeparator + path));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StageFailure("cannot start command '" + cmd + "': " + e.getMessage());
        }
        Thread reader = new Thread(() -> copyLines(process, log), "stage-output-" + stage.name());
        reader.start();
        boolean finished = timeout == null ? process.waitFor(Long.MAX_VALUE, TimeUnit.DAYS)
                : process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            killTree(process);
            reader.join();
            throw new StageFailure("command '" + cmd + "' timed out after " + timeout.toMillis() + " ms");
        }
        reader.join();
        if (process.exitValue() != 0) {
            throw new StageFailure("command '" + cmd + "' exited with code " + process.exitValue());
        }
    }

    /** Runs a Java step on its own thread, so that a timeout can interrupt it; what it logs goes to the log. */
    private void call(Writer log) throws InterruptedException {
        Consumer<String> logger = line -> {
            lines.accept("[" + stage.name() + "] " + line);
            synchronized (log) {
                try {
                    log.write(line);
                    log.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        CompletableFuture<Void> run = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                function.run(new Pipeline.StepContext(stage.workDir(), logger));
                run.complete(null);
            } catch (Throwable e) {
                run.completeExceptionally(e);
            }
        }, "pipeline-step-" + stage.name());
        thread.start();
        try {
            run.get(timeout == null ? Long.MAX_VALUE : timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new StageFailure("step timed out after " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new StageFailure("step failed: " + e.getCause());
        }
    }

    private void copyLines(Process process, Writer log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.accept("[" + stage.name() + "] " + line);
                synchronized (log) {
                    log.write(line);
                    log.write('\n');
                }
            }
        } catch (IOException e) {
            // the process was killed, or the log became unwritable: the exit code tells what happened
        }
    }

    /** Kills the command and everything it started, and waits (up to 10 s) until they are gone. */
    private static void killTree(Process process) throws InterruptedException {
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
        try {
            CompletableFuture.allOf(tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // reported by the caller as a timeout all the same
        }
    }

    private int integer(Object value, String key) {
        if (value instanceof Number n && n.doubleValue() == n.intValue() && n.intValue() >= 0) {
            return n.intValue();
        }
        throw invalid(key, "a whole number of at least 0", value);
    }

    private Duration duration(Object value, String key) {
        return Durations.parse(String.valueOf(value))
                .orElseThrow(() -> invalid(key, "seconds or a duration such as 500ms, 5s, 2m, 1h", value));
    }

    private Map<String, String> strings(Map<?, ?> map) {
        Map<String, String> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        return out;
    }

    private CapstanException invalid(String key, String expected, Object found) {
        return CapstanException.invalid("%s: stage '%s': meta.capstan.%s must be %s, found '%s'",
                stage.dvcYaml(), stage.name(), key, expected, found);
    }

    /** A command that failed, timed out or could not start. */
    static final class StageFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StageFailure(String message) {
            super(message);
        }
    }
}
