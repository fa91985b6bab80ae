package dev.capstan.validate;

import java.util.List;

/**
 * Rows of a table read in batches, so that a file of any size is validated in bounded memory. Not thread-safe: one
 * thread reads a source, and the batches it returns are not touched by the source again.
 */
public interface TableSource extends AutoCloseable {

    /** The rows in one batch (the last may hold fewer). */
    int BATCH_ROWS = 8192;

    /** Where the rows come from, for messages: a file's path, or a name for rows given in memory. */
    String name();

    /**
     * Whether values carry their types (JSON lines, Parquet, rows in memory), so that a text in an integer column
     * is a type error unless the column coerces; false for text to be read as the column's type (CSV).
     */
    boolean typed();

    /** The column names, in order. */
    List<String> columns();

    /**
     * The next batch of rows, or null at the end.
     *
     * @throws dev.capstan.CapstanException {@code INVALID_PARAMETER_VALUE} for a malformed row, naming its line
     */
    Batch next();

    @Override
    void close();
}
