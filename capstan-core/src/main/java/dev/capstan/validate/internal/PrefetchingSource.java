package dev.capstan.validate.internal;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.validate.Batch;
import dev.capstan.validate.TableSource;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A source whose batches are read ahead on a thread of its own, so that reading (tokenizing a CSV) and what the
 * caller does with each batch (parsing its numbers) run on two cores. At most two batches wait. A reading error
 * reaches the caller at the batch where it happened.
 */
public final class PrefetchingSource implements TableSource {

    private static final Object END = new Object();

    private final TableSource source;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
    private final Thread reader;
    private boolean ended;

    public PrefetchingSource(TableSource source) {
        this.source = source;
        this.reader = new Thread(this::readAll, "table-prefetch");
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        Object last = END;
        try {
            for (Batch batch = source.next(); batch != null; batch = source.next()) {
                queue.put(batch);
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

    @Override
    public String name() {
        return source.name();
    }

    @Override
    public boolean typed() {
        return source.typed();
    }

    @Override
    public List<String> columns() {
        return source.columns();
    }

    @Override
    public Batch next() {
        if (ended) {
            return null;
        }
        try {
            Object item = queue.take();
            if (item instanceof Batch batch) {
                return batch;
            }
            ended = true;
            if (item instanceof RuntimeException e) {
                throw e;
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "reading " + source.name()
                    + " was interrupted");
        }
    }

    @Override
    public void close() {
        reader.interrupt();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        source.close();
    }
}
