package dev.capstan.validate.internal;

import dev.capstan.CapstanException;
import dev.capstan.validate.Batch;
import dev.capstan.validate.TableSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows given in memory, such as the inputs of a prediction request, read in batches like a file. A key missing from
 * a row is null; a key that is not a column is an error, so that no value goes unchecked. Values are normalized as
 * {@link Values#normalize} says. The list is read as the batches are asked for: do not change it meanwhile.
 */
public final class RowsSource implements TableSource {
    private final String name;
    private final List<String> columns;
    private final Map<String, Integer> indexes = new HashMap<>();
    private final List<Map<String, Object>> rows;
    private int rowsRead;

    public RowsSource(String name, List<String> columns, List<Map<String, Object>> rows) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        for (String column : this.columns) {
            if (indexes.put(column, indexes.size()) != null) {
                throw CapstanException.invalid("%s: column '%s' is named more than once", name, column);
            }
        }
    }

    @Override
    public String name() {
        return name;
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
        BatchBuilder batch = new BatchBuilder(columns.size(),
                Math.max(1, Math.min(TableSource.BATCH_ROWS, rows.size() - rowsRead)));
        while (!batch.isFull() && rowsRead + batch.size() < rows.size()) {
            readRow(rowsRead + batch.size(), batch);
            batch.endRow();
        }
        int firstRow = rowsRead;
        rowsRead += batch.size();
        return batch.build(firstRow, columns);
    }

    @Override
    public void close() {
        // nothing to release
    }

    private void readRow(int index, BatchBuilder batch) {
        Map<String, Object> row = rows.get(index);
        if (row == null) {
            throw CapstanException.invalid("%s: row %d is null, expected an object", name, index);
        }
        for (Map.Entry<String, Object> entry : row.entrySet()) {
            batch.set(column(index, entry.getKey()), SourceValues.normalize(entry.getValue()));
        }
    }

    private int column(int row, String key) {
        Integer column = indexes.get(key);
        if (column == null) {
            throw CapstanException.invalid("%s: row %d has key '%s', which is not one of the columns %s",
                    name, row, key, columns);
        }
        return column;
    }
}
