package dev.capstan.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table for terminals: columns padded to their widest cell, cells longer than their column's limit
 * cut with {@code ...}, numbers optionally right-aligned. Not thread-safe.
 */
public final class TextTable {

    /** A column: its header, the widest a cell may be, and its alignment. */
    public record Column(String header, int maxWidth, boolean rightAligned) {

        public static Column left(String header) {
            return new Column(header, 40, false);
        }

        public static Column left(String header, int maxWidth) {
            return new Column(header, maxWidth, false);
        }

        public static Column right(String header) {
            return new Column(header, 40, true);
        }
    }

    private static final String GAP = "  ";
    private static final String ELLIPSIS = "...";

    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();
    private boolean header = true;

    public TextTable(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** A two-column table of labels and values, printed without a header. */
    public static TextTable keyValues() {
        return new TextTable(List.of(Column.left("", 30), Column.left("", 100))).withoutHeader();
    }

    public TextTable withoutHeader() {
        header = false;
        return this;
    }

    /** Adds a row; {@code null} cells print empty, missing trailing cells too. */
    public TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Object cell = i < cells.length ? cells[i] : null;
            row.add(fit(cell == null ? "" : cell.toString().replaceAll("[\\r\\n\\t]+", " "), columns.get(i).maxWidth()));
        }
        rows.add(row);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintWriter out) {
        out.print(render());
        out.flush();
    }

    /** The table, one line per row, each line ending with a newline. */
    public String render() {
        int[] widths = widths();
        StringBuilder text = new StringBuilder();
        if (header) {
            line(text, columns.stream().map(Column::header).toList(), widths);
        }
        rows.forEach(row -> line(text, row, widths));
        return text.toString();
    }

    private int[] widths() {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = header ? columns.get(i).header().length() : 0;
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    private void line(StringBuilder text, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String padding = " ".repeat(widths[i] - cells.get(i).length());
            line.append(i == 0 ? "" : GAP);
            line.append(columns.get(i).rightAligned() ? padding + cells.get(i) : cells.get(i) + padding);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }

    static String fit(String cell, int maxWidth) {
        if (cell.length() <= maxWidth) {
            return cell;
        }
        return cell.substring(0, Math.max(0, maxWidth - ELLIPSIS.length())) + ELLIPSIS;
    }
}
