package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Schedules in a real SQLite database, run by the scheduler against a clock the test moves. */
class SchedulerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private ScheduleStore store;
    private final MovableClock clock = new MovableClock();
    private final List<Scheduler> schedulers = new ArrayList<>();

    @BeforeEach
    void database() {
        store = ScheduleStore.open(TestDatabases.sqlite(dir));
    }

    @AfterEach
    void close() {
        schedulers.forEach(Scheduler::close);
        store.close();
    }

    private Scheduler scheduler() {
        Scheduler scheduler = new Scheduler(store, clock, line -> { });
        schedulers.add(scheduler);
        return scheduler;
    }

    private void add(String name, boolean catchup, int retries, String... command) {
        store.add(new Schedule(name, "* * * * *", List.of(command), dir.toString(), retries, Duration.ofMillis(10),
                catchup, T0.toEpochMilli(), null));
    }

    private static List<Schedule.Execution> run(List<CompletableFuture<Schedule.Execution>> started) {
        return started.stream().map(CompletableFuture::join).toList();
    }

    @Test
    void aDueExecutionRunsOnceEvenWithTwoSchedulers() {
        add("hello", false, 0, "sh", "-c", "echo hello");
        clock.at(T0.plusSeconds(30));
        assertThat(scheduler().tick()).isEmpty();

        clock.at(T0.plusSeconds(65));
        List<Schedule.Execution> done = run(scheduler().tick());
        assertThat(run(scheduler().tick())).isEmpty();

        assertThat(done).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo("SUCCEEDED");
            assertThat(e.scheduledFor()).isEqualTo(T0.plusSeconds(60).toEpochMilli());
            assertThat(e.log()).isEqualTo("hello\n");
        });
        assertThat(store.history("hello", 10)).extracting(Schedule.Execution::status).containsExactly("SUCCEEDED");
    }

    @Test
    void missedExecutionsAreSkippedUnlessCatchupIsAsked() {
        add("latest", false, 0, "true");
        add("every", true, 0, "true");
        clock.at(T0.plusSeconds(3 * 60 + 5));
        Scheduler scheduler = scheduler();

        List<Schedule.Execution> first = run(scheduler.tick());
        assertThat(first).extracting(Schedule.Execution::name, e -> (e.scheduledFor() - T0.toEpochMilli()) / 60_000)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("latest", 3L),
                        org.assertj.core.groups.Tuple.tuple("every", 1L));
        run(scheduler.tick());
        run(scheduler.tick());
        assertThat(run(scheduler.tick())).isEmpty();
        assertThat(store.history("every", 10)).hasSize(3);
        assertThat(store.history("latest", 10)).hasSize(1);
    }

    @Test
    void anExecutionDueWhileThePreviousRunsIsSkippedAndFailuresAreRetried() {
        add("slow", false, 0, "sleep", "2");
        add("flaky", false, 2, "sh", "-c", "n=$(cat tries 2>/dev/null || echo 0); echo $((n+1)) > tries; [ $n -ge 1 ]");
        clock.at(T0.plusSeconds(65));
        Scheduler scheduler = scheduler();
        List<CompletableFuture<Schedule.Execution>> running = scheduler.tick();

        clock.at(T0.plusSeconds(125));
        assertThat(scheduler.tick()).isEmpty();
        List<Schedule.Execution> done = run(running);

        assertThat(store.history("slow", 10)).extracting(Schedule.Execution::status).containsExactly("SKIPPED", "SUCCEEDED");
        assertThat(done).filteredOn(e -> e.name().equals("flaky")).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
    }

    @Test
    void badSchedulesAreRefusedAndNamesAreUnique() {
        assertThatThrownBy(() -> new Schedule("nightly", "every night", List.of("true"), ".", 0, Duration.ZERO, false,
                0, null)).isInstanceOf(CapstanException.class).hasMessageContaining("not a cron expression");
        add("nightly", false, 0, "true");
        assertThatThrownBy(() -> add("nightly", false, 0, "true")).hasMessageContaining("already exists");
        store.remove("nightly");
        assertThatThrownBy(() -> store.history("nightly", 1)).hasMessageContaining("No schedule named 'nightly'");
    }

    /** A clock the test sets. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = T0;

        void at(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
