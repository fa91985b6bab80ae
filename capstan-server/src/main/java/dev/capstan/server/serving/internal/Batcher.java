package dev.capstan.server.serving.internal;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.ml.predict.PreparedInput;
import dev.capstan.ml.predict.Predictions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Micro-batching in front of one model: requests wait in a bounded queue; each worker takes what is queued, up to
 * {@code maxBatchRows} rows of inputs that concatenate, waits at most {@code maxDelayNanos} for more when the batch
 * is not full, predicts them in one call and hands each request its rows. With a delay of 0 an idle model answers
 * at once and a busy one batches what piled up, so batches grow with load. A full queue refuses new requests
 * ({@code TEMPORARILY_UNAVAILABLE}, a 503) instead of letting latency grow without bound. Thread-safe.
 */
public final class Batcher implements AutoCloseable {

    private record Job(PreparedInput input, CompletableFuture<Predictions> result) {
    }

    private static final Job STOP = new Job(null, null);

    private final String name;
    private final Function<PreparedInput, Predictions> predict;
    private final boolean merge;
    private final int maxBatchRows;
    private final long maxDelayNanos;
    private final BlockingQueue<Job> queue;
    private final IntConsumer batchSizes;
    private final List<Thread> workers = new ArrayList<>();

    /**
     * @param merge      whether requests may be predicted together (the model's outputs have one entry per row)
     * @param batchSizes told the row count of every call to {@code predict}
     */
    public Batcher(String name, Function<PreparedInput, Predictions> predict, boolean merge, int maxBatchRows,
                   long maxDelayNanos, int maxQueue, int threads, IntConsumer batchSizes) {
        this.name = name;
        this.predict = predict;
        this.merge = merge;
        this.maxBatchRows = maxBatchRows;
        this.maxDelayNanos = maxDelayNanos;
        this.queue = new LinkedBlockingQueue<>(maxQueue);
        this.batchSizes = batchSizes;
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, "capstan-batch-" + name + "-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    /** Queues the input; fails at once, without queueing, when the queue is full. */
    public CompletableFuture<Predictions> submit(PreparedInput input) {
        Job job = new Job(input, new CompletableFuture<>());
        if (!queue.offer(job)) {
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Model " + name + " is overloaded: "
                    + queue.size() + " requests are queued; retry later");
        }
        return job.result;
    }

    /** Requests waiting for a worker. */
    public int depth() {
        return queue.size();
    }

    /** Lets the workers finish what is queued, then stops them. */
    @Override
    public void close() {
        for (int i = 0; i < workers.size(); i++) {
            try {
                queue.put(STOP);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void work() {
        Job carried = null;
        try {
            while (true) {
                Job first = carried != null ? carried : queue.take();
                carried = null;
                if (first == STOP) {
                    return;
                }
                List<Job> batch = new ArrayList<>();
                batch.add(first);
                carried = fill(batch);
                run(batch);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Adds queued jobs that fit; returns a job taken that does not (to run next), or null. */
    private Job fill(List<Job> batch) throws InterruptedException {
        if (!merge) {
            return null;
        }
        int rows = batch.get(0).input.rows();
        long deadline = System.nanoTime() + maxDelayNanos;
        while (rows < maxBatchRows) {
            long wait = deadline - System.nanoTime();
            Job next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                return null;
            }
            if (next == STOP || !batch.get(0).input.concatenatesWith(next.input)
                    || rows + next.input.rows() > maxBatchRows) {
                return next;
            }
            batch.add(next);
            rows += next.input.rows();
        }
        return null;
    }

    private void run(List<Job> batch) {
        if (batch.size() == 1) {
            runAlone(batch.get(0));
            return;
        }
        Predictions all;
        try {
            all = predictCounted(PreparedInput.concat(batch.stream().map(Job::input).toList()));
        } catch (RuntimeException e) {
            batch.forEach(this::runAlone);
            return;
        }
        int from = 0;
        for (Job job : batch) {
            int to = from + job.input.rows();
            job.result.complete(all.slice(from, to));
            from = to;
        }
    }

    private void runAlone(Job job) {
        try {
            job.result.complete(predictCounted(job.input));
        } catch (RuntimeException | Error e) {
            job.result.completeExceptionally(e);
        }
    }

    private Predictions predictCounted(PreparedInput input) {
        batchSizes.accept(input.rows());
        return predict.apply(input);
    }
}
