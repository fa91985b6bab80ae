package dev.capstan.validate.internal;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.validate.Batch;
import dev.capstan.validate.CheckResult;
import dev.capstan.validate.ColumnSpec;
import dev.capstan.validate.ColumnType;
import dev.capstan.validate.Suite;
import dev.capstan.validate.TableSource;
import dev.capstan.validate.ValidationReport;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongConsumer;

/**
 * Runs a suite over a table in one pass, as a pipeline of three threads: one reads batches, one parses the numbers
 * and hashes the values that the checks read, and the calling thread evaluates every check on each batch in row
 * order. At most a few batches are in memory. The checks' final computations (sorting for quantiles, merging
 * spilled counts) then run in parallel.
 */
public final class Engine {

    private static final int QUEUED_BATCHES = 2;
    private static final Object END = new Object();

    private final Suite suite;

    public Engine(Suite suite) {
        this.suite = suite;
    }

    /**
     * Validates {@code data}; {@code reference} (may be null) is read only by {@code no_leakage}; {@code progress}
     * hears the rows read so far after each batch.
     */
    public ValidationReport run(TableSource data, TableSource reference, LongConsumer progress) {
        return run(data, reference, progress, true);
    }

    /**
     * Validates rows on the calling thread alone: for a few rows in memory (a prediction request), where starting
     * threads would cost more than the checks.
     */
    public ValidationReport runHere(TableSource data) {
        return run(data, null, rows -> { }, false);
    }

    private ValidationReport run(TableSource data, TableSource reference, LongConsumer progress, boolean threads) {
        List<String> columns = data.columns();
        CheckFactory factory = new CheckFactory(suite, data.name(), columns, data.typed(),
                reference == null ? null : new ReferenceKeys(suite, reference));
        List<Evaluator> evaluators = factory.evaluators();
        Preparation preparation = new Preparation(types(columns), factory);
        long rows = threads ? pipelined(data, preparation, evaluators, progress) : here(data, preparation, evaluators);
        List<CheckResult> results = (threads ? evaluators.parallelStream() : evaluators.stream())
                .map(Evaluator::result).toList();
        return new ValidationReport(suite.name(), data.name(), rows, columns, results);
    }

    private static long here(TableSource data, Preparation preparation, List<Evaluator> evaluators) {
        long rows = 0;
        for (Batch batch = data.next(); batch != null; batch = data.next()) {
            BatchView view = preparation.view(batch);
            evaluators.forEach(e -> e.accept(view));
            rows += batch.size();
        }
        return rows;
    }

    private static long pipelined(TableSource data, Preparation preparation, List<Evaluator> evaluators,
                                  LongConsumer progress) {
        BlockingQueue<Object> parsed = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        BlockingQueue<Object> prepared = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        Thread reader = start("validate-read", () -> read(data, parsed));
        Thread preparer = start("validate-prepare", () -> prepare(parsed, preparation, prepared));
        long rows = 0;
        try {
            for (Object item = take(prepared); item instanceof BatchView batch; item = take(prepared)) {
                for (Evaluator evaluator : evaluators) {
                    evaluator.accept(batch);
                }
                rows += batch.size();
                progress.accept(rows);
            }
        } finally {
            reader.interrupt();
            preparer.interrupt();
        }
        return rows;
    }

    private ColumnType[] types(List<String> columns) {
        ColumnType[] types = new ColumnType[columns.size()];
        for (ColumnSpec spec : suite.columns()) {
            int index = columns.indexOf(spec.name());
            if (index >= 0) {
                types[index] = spec.type();
            }
        }
        return types;
    }

    private static Thread start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Puts each batch on the queue, then a final marker: {@code END} or the failure that stopped the reading. */
    private static void read(TableSource data, BlockingQueue<Object> out) {
        Object last = END;
        try {
            for (Batch batch = data.next(); batch != null; batch = data.next()) {
                out.put(batch);
            }
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            last = e;
        }
        putQuietly(out, last);
    }

    /** Turns each batch into its views, parsing and hashing on a thread of its own; passes the final marker on. */
    private static void prepare(BlockingQueue<Object> in, Preparation preparation, BlockingQueue<Object> out) {
        Object item;
        try {
            for (item = in.take(); item instanceof Batch batch; item = in.take()) {
                out.put(preparation.view(batch));
            }
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            item = e;
        }
        putQuietly(out, item);
    }

    private static void putQuietly(BlockingQueue<Object> queue, Object item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object take(BlockingQueue<Object> queue) {
        try {
            Object item = queue.take();
            if (item instanceof RuntimeException e) {
                throw e;
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "validation interrupted");
        }
    }

    /** Makes a batch's views, with the numbers and hashes that the checks read computed up front. */
    private record Preparation(ColumnType[] types, boolean[] numbers, boolean[] hashes) {

        Preparation(ColumnType[] types, CheckFactory factory) {
            this(types, new boolean[types.length], new boolean[types.length]);
            for (int i = 0; i < types.length; i++) {
                numbers[i] = factory.needsNumbers(i);
                hashes[i] = factory.needsHashes(i);
            }
        }

        BatchView view(Batch batch) {
            ColumnView[] views = new ColumnView[types.length];
            for (int i = 0; i < views.length; i++) {
                views[i] = new ColumnView(batch.columns().get(i).values(), batch.size(), types[i]);
                views[i].prepare(numbers[i], hashes[i]);
            }
            return new BatchView(batch.firstRow(), batch.size(), views);
        }
    }

    /** Reads a key column of the reference dataset into a set of hashes. */
    private record ReferenceKeys(Suite suite, TableSource reference) implements CheckFactory.LeakageKeys {
        @Override
        public LongCounts keys(String column, ColumnType type, int line) {
            int index = reference.columns().indexOf(column);
            if (index < 0) {
                throw SuiteReader.error(suite, line, "column '" + column + "' is not in the reference "
                        + reference.name());
            }
            LongCounts keys = new LongCounts();
            for (Batch batch = reference.next(); batch != null; batch = reference.next()) {
                Object[] values = batch.columns().get(index).values();
                for (int row = 0; row < batch.size(); row++) {
                    if (values[row] != null) {
                        keys.add(Values.hash(values[row], type), batch.firstRow() + row);
                    }
                }
            }
            return keys;
        }
    }
}
