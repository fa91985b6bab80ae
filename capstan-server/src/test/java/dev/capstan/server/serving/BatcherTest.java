package dev.capstan.server.serving;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.PreparedInput;
import dev.capstan.server.serving.internal.Batcher;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The micro-batcher merges what is queued, hands each request its own rows, and refuses work when full. */
class BatcherTest {

    private static PreparedInput rows(double... values) {
        return new PreparedInput.Columns(ColumnarBatch.of(Map.of("x", values)));
    }

    /** A "model" that doubles x, held at a latch so that requests pile up. */
    private static Predictions doubled(PreparedInput input, CountDownLatch gate) {
        try {
            gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double[] x = (double[]) ((PreparedInput.Columns) input).batch().column("x");
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = 2 * x[i];
        }
        return new Predictions(x.length, Map.of("prediction", y));
    }

    @Test
    void queuedRequestsArePredictedTogetherAndSplitBack() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        try (Batcher batcher = new Batcher("t", in -> doubled(in, gate), true, 100, 0, 10, 1, sizes::add)) {
            CompletableFuture<Predictions> first = batcher.submit(rows(1));
            waitUntil(() -> batcher.depth() == 0);
            CompletableFuture<Predictions> a = batcher.submit(rows(2, 3));
            CompletableFuture<Predictions> b = batcher.submit(rows(4));
            CompletableFuture<Predictions> c = batcher.submit(rows(5, 6, 7));
            gate.countDown();
            assertThat((double[]) first.get(5, TimeUnit.SECONDS).output("prediction")).containsExactly(2);
            assertThat((double[]) a.get(5, TimeUnit.SECONDS).output("prediction")).containsExactly(4, 6);
            assertThat((double[]) b.get(5, TimeUnit.SECONDS).output("prediction")).containsExactly(8);
            assertThat((double[]) c.get(5, TimeUnit.SECONDS).output("prediction")).containsExactly(10, 12, 14);
            assertThat(sizes).containsExactly(1, 6);
        }
    }

    @Test
    void aFullQueueRefusesAtOnceWithTemporarilyUnavailable() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (Batcher batcher = new Batcher("t", in -> doubled(in, gate), true, 100, 0, 2, 1, n -> { })) {
            CompletableFuture<Predictions> running = batcher.submit(rows(1));
            waitUntil(() -> batcher.depth() == 0);
            batcher.submit(rows(2));
            batcher.submit(rows(3));
            assertThatThrownBy(() -> batcher.submit(rows(4))).isInstanceOf(CapstanException.class)
                    .satisfies(e -> assertThat(((CapstanException) e).code())
                            .isEqualTo(ErrorCode.TEMPORARILY_UNAVAILABLE))
                    .hasMessageContaining("overloaded");
            gate.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS).rowCount()).isEqualTo(1);
        }
    }

    @Test
    void closingFinishesWhatIsQueued() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Batcher batcher = new Batcher("t", in -> doubled(in, gate), false, 100, 0, 10, 1, n -> { });
        List<CompletableFuture<Predictions>> futures = List.of(batcher.submit(rows(1)), batcher.submit(rows(2)),
                batcher.submit(rows(3)));
        gate.countDown();
        batcher.close();
        for (CompletableFuture<Predictions> f : futures) {
            assertThat(f).isCompleted();
            assertThat(f.get().rowCount()).isEqualTo(1);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}
