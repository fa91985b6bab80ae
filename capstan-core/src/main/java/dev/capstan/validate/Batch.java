package dev.capstan.validate;

import java.util.List;

/**
 * Consecutive rows of a table, column by column.
 *
 * @param firstRow the 0-based index of the first row in the whole table
 * @param size     the number of rows
 * @param columns  one entry per column of the source, in the source's order
 */
public record Batch(long firstRow, int size, List<ColumnBatch> columns) {

    public Batch {
        columns = List.copyOf(columns);
    }
}
