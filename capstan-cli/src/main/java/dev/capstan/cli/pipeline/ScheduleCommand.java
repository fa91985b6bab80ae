package dev.capstan.cli.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.pipeline.Durations;
import dev.capstan.pipeline.Schedule;
import dev.capstan.pipeline.ScheduleStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code capstan schedule add|list|remove|history}: commands that {@code capstan server} runs on a cron schedule. */
@Command(name = "schedule", description = "Manage commands that `capstan server` runs on a cron schedule (UTC).",
        subcommands = {ScheduleCommand.Add.class, ScheduleCommand.ListSchedules.class, ScheduleCommand.Remove.class,
                ScheduleCommand.History.class})
public final class ScheduleCommand {


    @Command(name = "add", description = "Add a schedule: capstan schedule add NAME --cron \"0 2 * * *\" -- COMMAND...")
    static final class Add implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions store;
        @Parameters(index = "0", paramLabel = "NAME", description = "The schedule's name.")
        private String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "The program and its arguments "
                + "(after --), run without a shell.")
        private List<String> command;
        @Option(names = "--cron", required = true, paramLabel = "EXPR", description = "Five cron fields, UTC.")
        private String cron;
        @Option(names = "--retries", paramLabel = "N", defaultValue = "0", description = "Attempts after a failure.")
        private int retries;
        @Option(names = "--retry-delay", paramLabel = "DURATION", defaultValue = "1m",
                description = "Wait before a retry: 30s, 5m, 1h (default: ${DEFAULT-VALUE}).")
        private String retryDelay;
        @Option(names = "--catchup", description = "Run executions missed while no server ran.")
        private boolean catchup;
        @Option(names = "--cd", paramLabel = "DIR", description = "The directory the command runs in (default: here).")
        private Path cd;

        @Override
        public void run() {
            Schedule schedule = new Schedule(name, cron, command, (cd != null ? cd : Path.of("")).toAbsolutePath()
                    .normalize().toString(), retries, duration(retryDelay), catchup, System.currentTimeMillis(), null);
            try (ScheduleStore schedules = ScheduleStore.open(store.uri())) {
                schedules.add(schedule);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Added schedule '%s' (%s); next run %s%n", name, cron, schedule.nextAfter(Instant.now())
                    .map(Instant::toString).orElse("never"));
            out.flush();
        }
    }

    @Command(name = "list", description = "The schedules, with their next run.")
    static final class ListSchedules implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions store;
        @Option(names = "--json", description = "Print the schedules as JSON.")
        private boolean json;

        @Override
        public void run() {
            List<Schedule> schedules;
            try (ScheduleStore s = ScheduleStore.open(store.uri())) {
                schedules = s.list();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, schedules.stream().map(ListSchedules::json).toList());
                return;
            }
            TextTable table = new TextTable(List.of(TextTable.Column.left("NAME"), TextTable.Column.left("CRON"),
                    TextTable.Column.left("NEXT RUN"), TextTable.Column.right("RETRIES"), TextTable.Column.left("COMMAND", 60)));
            schedules.forEach(s -> table.row(s.name(), s.cron(), s.nextAfter(Instant.now()).map(Instant::toString)
                    .orElse("never"), s.retries(), String.join(" ", s.command())));
            table.print(out);
            out.flush();
        }

        private static Map<String, Object> json(Schedule s) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", s.name());
            json.put("cron", s.cron());
            json.put("command", s.command());
            json.put("work_dir", s.workDir());
            json.put("retries", s.retries());
            json.put("retry_delay_ms", s.retryDelay().toMillis());
            json.put("catchup", s.catchup());
            json.put("created_at", s.createdAt());
            json.put("last_fire", s.lastFire());
            json.put("next_run", s.nextAfter(Instant.now()).map(Instant::toString).orElse(null));
            return json;
        }
    }

    @Command(name = "remove", description = "Remove a schedule and its history.")
    static final class Remove implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions store;
        @Parameters(paramLabel = "NAME")
        private String name;

        @Override
        public void run() {
            try (ScheduleStore schedules = ScheduleStore.open(store.uri())) {
                schedules.remove(name);
            }
            spec.commandLine().getOut().println("Removed schedule '" + name + "'");
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "history", description = "A schedule's executions, newest first: status, attempts, exit code, duration.")
    static final class History implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions store;
        @Parameters(paramLabel = "NAME")
        private String name;
        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "How many (default: ${DEFAULT-VALUE}).")
        private int limit;
        @Option(names = "--json", description = "Print the executions, with their logs, as JSON.")
        private boolean json;

        @Override
        public void run() {
            List<Schedule.Execution> history;
            try (ScheduleStore schedules = ScheduleStore.open(store.uri())) {
                history = schedules.history(name, Math.max(1, limit));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, history);
                return;
            }
            TextTable table = new TextTable(List.of(TextTable.Column.left("SCHEDULED FOR"), TextTable.Column.left("STATUS"),
                    TextTable.Column.right("ATTEMPTS"), TextTable.Column.right("EXIT"), TextTable.Column.right("SECONDS")));
            history.forEach(e -> table.row(Instant.ofEpochMilli(e.scheduledFor()), e.status().toLowerCase(), e.attempts(),
                    e.exitCode() == null ? "-" : e.exitCode(), e.endedAt() == null ? "-"
                            : String.format("%.1f", (e.endedAt() - e.startedAt()) / 1000.0)));
            table.print(out);
            out.flush();
        }
    }

    static Duration duration(String text) {
        return Durations.parse(text).orElseThrow(() -> CapstanException.invalid(
                "--retry-delay expects seconds or 500ms, 30s, 5m, 1h, found '%s'", text));
    }
}
