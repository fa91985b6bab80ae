package dev.capstan.store;

import dev.capstan.testing.TestDatabases;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.internal.SqlTrackingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sixteen writers hammer one SQLite file through two independent stores (as two server processes would): nothing is
 * lost and no caller ever sees SQLITE_BUSY.
 */
class SqliteConcurrencyTest {

    private static final int WRITERS = 16;
    private static final int BATCHES = 25;

    @TempDir
    Path dir;

    @Test
    void sixteenConcurrentWritersLoseNothing() throws Exception {
        String uri = TestDatabases.sqlite(dir);
        try (TrackingStore a = new SqlTrackingStore(Database.open(uri));
             TrackingStore b = new SqlTrackingStore(Database.open(uri))) {
            String experiment = a.createExperiment("concurrency", null, List.of());
            String sharedRun = a.createRun(new NewRun(experiment, "u", "shared", null, List.of())).info().runId();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> results = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                TrackingStore store = w % 2 == 0 ? a : b;
                int writer = w;
                results.add(pool.submit(() -> {
                    start.await();
                    String run = store.createRun(new NewRun(experiment, "u", "w" + writer, null, List.of())).info().runId();
                    for (int i = 0; i < BATCHES; i++) {
                        store.logBatch(run, metrics("m", i), List.of(new Param("p" + i, "v")), List.of(new Tag("t", "" + i)));
                        store.logBatch(sharedRun, metrics("w" + writer, i), List.of(), List.of());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : results) {
                f.get();
            }
            pool.shutdown();
            try (Database db = Database.open(uri)) {
                long points = db.read(h -> h.createQuery("SELECT COUNT(*) FROM metrics").mapTo(Long.class).one());
                long params = db.read(h -> h.createQuery("SELECT COUNT(*) FROM params").mapTo(Long.class).one());
                assertThat(points).isEqualTo(2L * WRITERS * BATCHES * 10);
                assertThat(params).isEqualTo((long) WRITERS * BATCHES);
            }
            assertThat(a.getRun(sharedRun).data().metrics()).hasSize(WRITERS);
        }
    }

    private static List<Metric> metrics(String key, int batch) {
        return IntStream.range(0, 10).mapToObj(i -> new Metric(key, batch + i / 10.0, 1000L + batch, (long) batch * 10 + i))
                .toList();
    }
}
