package dev.capstan.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.store.Database;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/** Schedules and their executions in the metadata database (SQLite or PostgreSQL). Thread-safe. */
public final class ScheduleStore implements AutoCloseable {

    private final Database db;

    public ScheduleStore(Database db) {
        this.db = db;
    }

    /** The store of the database at {@code uri} (sqlite:/// or postgresql://). */
    public static ScheduleStore open(String uri) {
        return new ScheduleStore(Database.open(uri));
    }

    public void add(Schedule s) {
        db.write(h -> {
            if (exists(h, s.name())) {
                throw CapstanException.alreadyExists("Schedule '%s' already exists; remove it first", s.name());
            }
            return h.createUpdate("INSERT INTO schedules (name, cron, command, work_dir, retries, retry_delay_ms, "
                            + "catchup, created_at, last_fire) VALUES (:name, :cron, :command, :dir, :retries, :delay, "
                            + ":catchup, :created, NULL)")
                    .bind("name", s.name()).bind("cron", s.cron()).bind("command", json(s.command()))
                    .bind("dir", s.workDir()).bind("retries", s.retries()).bind("delay", s.retryDelay().toMillis())
                    .bind("catchup", s.catchup()).bind("created", s.createdAt()).execute();
        });
    }

    public List<Schedule> list() {
        return db.read(h -> h.createQuery("SELECT * FROM schedules ORDER BY name").map((rs, ctx) -> schedule(rs)).list());
    }

    public void remove(String name) {
        db.write(h -> {
            if (!exists(h, name)) {
                throw CapstanException.notFound("No schedule named '%s'", name);
            }
            h.createUpdate("DELETE FROM schedule_runs WHERE name = :name").bind("name", name).execute();
            return h.createUpdate("DELETE FROM schedules WHERE name = :name").bind("name", name).execute();
        });
    }

    /**
     * Claims the execution of {@code name} scheduled for {@code slot}: records it as RUNNING (or SKIPPED when another
     * execution of the schedule is still running) and moves the schedule past it. False when this slot was already
     * claimed, by this scheduler or another, or the schedule is gone.
     */
    public boolean claim(String name, long slot, long now, boolean skip) {
        return db.write(h -> {
            Long last = h.createQuery("SELECT last_fire FROM schedules WHERE name = :name").bind("name", name)
                    .mapTo(Long.class).findOne().orElse(null);
            boolean known = exists(h, name);
            if (!known || (last != null && last >= slot)) {
                return false;
            }
            h.createUpdate("UPDATE schedules SET last_fire = :slot WHERE name = :name").bind("slot", slot)
                    .bind("name", name).execute();
            h.createUpdate("INSERT INTO schedule_runs (name, scheduled_for, started_at, ended_at, status, attempts) "
                            + "VALUES (:name, :slot, :now, :ended, :status, 0)")
                    .bind("name", name).bind("slot", slot).bind("now", now).bind("ended", skip ? (Long) now : null)
                    .bind("status", skip ? "SKIPPED" : "RUNNING").execute();
            return !skip;
        });
    }

    public void finish(Schedule.Execution done) {
        db.write(h -> h.createUpdate("UPDATE schedule_runs SET ended_at = :ended, status = :status, attempts = :attempts, "
                        + "exit_code = :code, log = :log WHERE name = :name AND scheduled_for = :slot")
                .bind("ended", done.endedAt()).bind("status", done.status()).bind("attempts", done.attempts())
                .bind("code", done.exitCode()).bind("log", done.log()).bind("name", done.name())
                .bind("slot", done.scheduledFor()).execute());
    }

    /** The newest executions first. */
    public List<Schedule.Execution> history(String name, int limit) {
        return db.read(h -> {
            if (!exists(h, name)) {
                throw CapstanException.notFound("No schedule named '%s'", name);
            }
            return h.createQuery("SELECT * FROM schedule_runs WHERE name = :name ORDER BY scheduled_for DESC LIMIT :limit")
                    .bind("name", name).bind("limit", limit).map((rs, ctx) -> execution(rs)).list();
        });
    }

    @Override
    public void close() {
        db.close();
    }

    private static boolean exists(Handle h, String name) {
        return h.createQuery("SELECT COUNT(*) FROM schedules WHERE name = :name").bind("name", name)
                .mapTo(Integer.class).one() > 0;
    }

    private static Schedule schedule(ResultSet rs) throws SQLException {
        long last = rs.getLong("last_fire");
        Long lastFire = rs.wasNull() ? null : last;
        return new Schedule(rs.getString("name"), rs.getString("cron"), command(rs.getString("command")),
                rs.getString("work_dir"), rs.getInt("retries"), Duration.ofMillis(rs.getLong("retry_delay_ms")),
                rs.getBoolean("catchup"), rs.getLong("created_at"), lastFire);
    }

    private static Schedule.Execution execution(ResultSet rs) throws SQLException {
        long ended = rs.getLong("ended_at");
        Long endedAt = rs.wasNull() ? null : ended;
        int code = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : code;
        return new Schedule.Execution(rs.getString("name"), rs.getLong("scheduled_for"), rs.getLong("started_at"),
                endedAt, rs.getString("status"), rs.getInt("attempts"), exitCode, rs.getString("log"));
    }

    private static String json(List<String> command) {
        try {
            return Json.MAPPER.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> command(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored schedule command is not a JSON list: " + json, e);
        }
    }
}
