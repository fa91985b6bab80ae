package dev.capstan.pipeline;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.capstan.CapstanException;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A command that {@code capstan server} runs on a cron schedule (five fields, UTC: {@code "0 2 * * *"} is 02:00
 * every day), retried on failure, never twice at once; missed executions are skipped unless {@code catchup}.
 *
 * @param name       unique
 * @param cron       the schedule
 * @param command    the program and its arguments, run without a shell
 * @param workDir    the directory it runs in
 * @param retries    extra attempts after a failure
 * @param retryDelay the wait before each retry
 * @param catchup    run the executions missed while no scheduler ran, one after another
 * @param createdAt  when it was added (ms)
 * @param lastFire   the scheduled time of the newest execution (ms), or null
 */
public record Schedule(String name, String cron, List<String> command, String workDir, int retries,
                       Duration retryDelay, boolean catchup, long createdAt, Long lastFire) {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public Schedule {
        command = List.copyOf(command);
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,256}")) {
            throw CapstanException.invalid("A schedule name is 1-256 letters, digits, '_', '.' or '-', found '%s'", name);
        }
        if (command.isEmpty()) {
            throw CapstanException.invalid("Schedule '%s' has no command", name);
        }
        if (retries < 0) {
            throw CapstanException.invalid("Schedule '%s': retries must be at least 0, found %d", name, retries);
        }
        executionTime(cron);
    }

    /** The first scheduled time strictly after {@code after}. */
    public Optional<Instant> nextAfter(Instant after) {
        return executionTime(cron).nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC)).map(ZonedDateTime::toInstant);
    }

    private static ExecutionTime executionTime(String cron) {
        try {
            return ExecutionTime.forCron(PARSER.parse(cron));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw CapstanException.invalid("'%s' is not a cron expression of five fields (minute hour day-of-month "
                    + "month day-of-week, e.g. \"0 2 * * *\"): %s", cron, e.getMessage());
        }
    }

    /**
     * One execution of a schedule.
     *
     * @param status RUNNING, SUCCEEDED, FAILED or SKIPPED (the previous one was still running)
     */
    public record Execution(String name, long scheduledFor, long startedAt, Long endedAt, String status, int attempts,
                            Integer exitCode, String log) {
    }
}
