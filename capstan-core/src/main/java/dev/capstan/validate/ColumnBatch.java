package dev.capstan.validate;

/**
 * One column's values in a {@link Batch}, as the source read them: {@code String} from CSV, and {@code String},
 * {@code Long}, {@code Double}, {@code Boolean}, {@code java.time.LocalDate}, {@code java.time.LocalDateTime} or
 * a JSON text from typed sources (JSON lines, Parquet). A missing value is null; so is an empty CSV field and a
 * floating-point NaN (missing to pandas and Great Expectations too).
 *
 * @param name   the column's name
 * @param values the values, {@code values.length} at least the batch's size
 */
public record ColumnBatch(String name, Object[] values) {

    /** The value at {@code row} of the batch; null when missing. */
    public Object value(int row) {
        return values[row];
    }
}
