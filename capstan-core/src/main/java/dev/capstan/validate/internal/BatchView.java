package dev.capstan.validate.internal;

/**
 * A batch as the checks read it.
 *
 * @param firstRow the 0-based index of its first row in the table
 * @param size     its rows
 * @param columns  a view per column of the source, in the source's order
 */
record BatchView(long firstRow, int size, ColumnView[] columns) {
}
