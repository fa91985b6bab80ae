package dev.capstan.validate;

import java.util.ArrayList;
import java.util.List;

/** Rows held in memory, given out in batches of a chosen size, so that a test's column spans several batches. */
final class RowsSource implements TableSource {

    private final List<String> columns;
    private final List<Object[]> rows;
    private final int batchRows;
    private int next;

    RowsSource(List<String> columns, List<Object[]> rows, int batchRows) {
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.batchRows = batchRows;
    }

    @Override
    public String name() {
        return "rows in memory";
    }

    @Override
    public boolean typed() {
        return true;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Batch next() {
        if (next >= rows.size()) {
            return null;
        }
        int size = Math.min(batchRows, rows.size() - next);
        List<ColumnBatch> batch = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            Object[] values = new Object[batchRows];
            for (int r = 0; r < size; r++) {
                values[r] = rows.get(next + r)[c];
            }
            batch.add(new ColumnBatch(columns.get(c), values));
        }
        Batch result = new Batch(next, size, batch);
        next += size;
        return result;
    }

    @Override
    public void close() {
    }
}
