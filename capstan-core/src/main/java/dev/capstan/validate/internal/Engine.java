package dev.capstan.validate.internal;

import dev.capstan.CapstanException;
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
 * Runs a suite over a table in one pass: a reader thread parses batches while the calling thread evaluates every
 * check on them in row order, so parsing and checking overlap and at most a few batches are in memory.
 */
public final class Engine {

    private static final int QUEUED_BATCHES = 4;

    private final Suite suite;

    public Engine(Suite suite) {
        this.suite = suite;
    }

    /**
     * Validates {@code data}; {@code reference} (may be null) is read only by {@code no_leakage}; {@code progress}
     * hears the rows read so far after each batch.
     */
    public ValidationReport run(TableSource data, TableSource reference, LongConsumer progress) {
        List<String> columns = data.columns();
        List<Evaluator> evaluators = new CheckFactory(suite, data.name(), columns, data.typed(),
                reference == null ? null : new ReferenceKeys(suite, reference)).evaluators();
        ColumnType[] types = types(columns);
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
        Thread reader = new Thread(() -> read(data, types, queue), "validate-reader");
        reader.setDaemon(true);
        reader.start();
        long rows = 0;
        try {
            for (Object item = take(queue); item instanceof BatchView batch; item = take(queue)) {
                for (Evaluator evaluator : evaluators) {
                    evaluator.accept(batch);
                }
                rows += batch.size();
                progress.accept(rows);
            }
        } finally {
            reader.interrupt();
        }
        List<CheckResult> results = evaluators.stream().map(Evaluator::result).toList();
        return new ValidationReport(suite.name(), data.name(), rows, columns, results);
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

    /** Puts each batch on the queue, then a final marker: {@code END} or the failure that stopped the reading. */
    private static void read(TableSource data, ColumnType[] types, BlockingQueue<Object> queue) {
        Object last = END;
        try {
            for (Batch batch = data.next(); batch != null; batch = data.next()) {
                queue.put(view(batch, types));
            }
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            last = e;
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static BatchView view(Batch batch, ColumnType[] types) {
        ColumnView[] views = new ColumnView[batch.columns().size()];
        for (int i = 0; i < views.length; i++) {
            views[i] = new ColumnView(batch.columns().get(i).values(), batch.size(), types[i]);
        }
        return new BatchView(batch.firstRow(), batch.size(), views);
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
            throw new CapstanException(dev.capstan.ErrorCode.TEMPORARILY_UNAVAILABLE, "validation interrupted");
        }
    }

    private static final Object END = new Object();

    /** Reads a key column of the reference dataset into a set of hashes, once per column. */
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
                        keys.add(Values.hash(Values.key(values[row], type)), batch.firstRow() + row);
                    }
                }
            }
            return keys;
        }
    }
}
