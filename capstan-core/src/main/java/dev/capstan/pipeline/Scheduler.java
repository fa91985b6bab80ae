package dev.capstan.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the schedules of a {@link ScheduleStore} when they are due, as {@code capstan server} does once a second:
 * each due execution is claimed in the database first (so two servers never run the same one), an execution that
 * comes due while the previous one still runs is recorded as skipped, failures are retried after the schedule's
 * delay, and output (its last 64 KiB) and exit code are recorded. Without {@code catchup} only the newest missed
 * execution runs; with it, the missed ones run one after another. Schedules added or removed through the store are
 * seen at the next tick.
 */
public final class Scheduler implements AutoCloseable {

    private static final int LOG_LIMIT = 64 * 1024;

    private final ScheduleStore store;
    private final Clock clock;
    private final Consumer<String> log;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> daemon(r, "schedule-run"));
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "scheduler"));

    public Scheduler(ScheduleStore store, Clock clock, Consumer<String> log) {
        this.store = store;
        this.clock = clock;
        this.log = log;
    }

    /** Ticks once a second until closed. */
    public void start() {
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                log.accept("scheduler: " + e.getMessage());
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    /** Starts every execution due now; the returned futures complete when they have finished. */
    public List<CompletableFuture<Schedule.Execution>> tick() {
        Instant now = clock.instant();
        List<CompletableFuture<Schedule.Execution>> started = new ArrayList<>();
        for (Schedule schedule : store.list()) {
            due(schedule, now).ifPresent(slot -> {
                boolean busy = running.contains(schedule.name());
                if (busy && schedule.catchup()) {
                    return;
                }
                if (store.claim(schedule.name(), slot.toEpochMilli(), now.toEpochMilli(), busy)) {
                    running.add(schedule.name());
                    started.add(CompletableFuture.supplyAsync(() -> execute(schedule, slot.toEpochMilli()), workers));
                } else if (busy) {
                    log.accept("scheduler: '" + schedule.name() + "' is still running; skipped the execution due at " + slot);
                }
            });
        }
        return started;
    }

    /** The execution to run now, if any: the next after the last, or (without catchup) the newest one due. */
    private static Optional<Instant> due(Schedule schedule, Instant now) {
        Instant from = Instant.ofEpochMilli(schedule.lastFire() != null ? schedule.lastFire() : schedule.createdAt());
        Optional<Instant> next = schedule.nextAfter(from);
        if (next.isEmpty() || next.get().isAfter(now)) {
            return Optional.empty();
        }
        Instant slot = next.get();
        while (!schedule.catchup()) {
            Optional<Instant> later = schedule.nextAfter(slot);
            if (later.isEmpty() || later.get().isAfter(now)) {
                break;
            }
            slot = later.get();
        }
        return Optional.of(slot);
    }

    private Schedule.Execution execute(Schedule schedule, long slot) {
        long started = clock.millis();
        try {
            int attempts = 0;
            Result result;
            do {
                if (attempts > 0) {
                    Thread.sleep(schedule.retryDelay().toMillis());
                }
                attempts++;
                result = runOnce(schedule);
            } while (result.exitCode != 0 && attempts <= schedule.retries());
            Schedule.Execution done = new Schedule.Execution(schedule.name(), slot, started, clock.millis(),
                    result.exitCode == 0 ? "SUCCEEDED" : "FAILED", attempts, result.exitCode, result.output);
            store.finish(done);
            log.accept("scheduler: '" + schedule.name() + "' " + done.status().toLowerCase() + " after " + attempts
                    + " attempt(s)");
            return done;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Schedule.Execution done = new Schedule.Execution(schedule.name(), slot, started, clock.millis(), "FAILED", 0,
                    null, "interrupted");
            store.finish(done);
            return done;
        } finally {
            running.remove(schedule.name());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static Result runOnce(Schedule schedule) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(schedule.command()).directory(Path.of(schedule.workDir()).toFile())
                    .redirectErrorStream(true).start();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            int code = process.waitFor();
            int from = Math.max(0, output.length - LOG_LIMIT);
            return new Result(code, new String(output, from, output.length - from, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, "cannot start " + schedule.command() + ": " + e.getMessage());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdownNow();
    }
}
