package dev.capstan.validate.internal;

import dev.capstan.validate.Batch;
import dev.capstan.validate.ColumnBatch;
import dev.capstan.validate.TableSource;

import java.util.ArrayList;
import java.util.List;

/** The column arrays of one batch while a source fills them row by row; a new one for each batch. */
final class BatchBuilder {
    private final List<Object[]> columns = new ArrayList<>();
    private final int capacity;
    private int size;

    /** A batch of up to {@link TableSource#BATCH_ROWS} rows. */
    BatchBuilder(int width) {
        this(width, TableSource.BATCH_ROWS);
    }

    /** A batch of up to {@code capacity} rows: fewer when a source knows it has fewer left. */
    BatchBuilder(int width, int capacity) {
        this.capacity = capacity;
        for (int i = 0; i < width; i++) {
            addColumn();
        }
    }

    /** Adds a column, missing (null) in the rows so far. */
    void addColumn() {
        columns.add(new Object[capacity]);
    }

    /** Sets a value of the row being filled. */
    void set(int column, Object value) {
        columns.get(column)[size] = value;
    }

    /** Ends the row being filled; its unset values stay null. */
    void endRow() {
        size++;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == capacity;
    }

    /** The batch, or null when no row was filled (the end of the source). */
    Batch build(long firstRow, List<String> names) {
        if (size == 0) {
            return null;
        }
        List<ColumnBatch> batch = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            batch.add(new ColumnBatch(names.get(i), columns.get(i)));
        }
        return new Batch(firstRow, size, batch);
    }
}
