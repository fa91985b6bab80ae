package dev.capstan.validate;

import dev.capstan.CapstanException;
import dev.capstan.validate.internal.CsvSource;
import dev.capstan.validate.internal.JsonLinesSource;
import dev.capstan.validate.internal.ParquetSource;
import dev.capstan.validate.internal.PrefetchingSource;
import dev.capstan.validate.internal.RowsSource;
import dev.capstan.validate.internal.SourceFiles;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Opens the tables that Capstan validates: files by their extension, and rows given in memory. */
public final class TableSources {
    private static final String SUPPORTED = ".csv, .tsv, .parquet, and JSON lines as .jsonl, .ndjson or .json";

    private TableSources() {
    }

    /**
     * Opens a file by its extension (any case): {@code .csv}; {@code .tsv} (tab-separated, quoted as CSV);
     * {@code .parquet}; {@code .jsonl}, {@code .ndjson} or {@code .json}, each read as JSON lines, whose columns are
     * the keys of the first {@link TableSource#BATCH_ROWS} rows. The file is read as the batches are asked for.
     *
     * @throws CapstanException {@code RESOURCE_DOES_NOT_EXIST} when the file is missing; {@code
     *                          INVALID_PARAMETER_VALUE} for an unknown extension, a directory, an unreadable file, or
     *                          content read at open that is malformed (a CSV header, the first JSON lines batch, a
     *                          file that is not Parquet)
     */
    public static TableSource open(Path file) {
        SourceFiles.checkReadable(file);
        return switch (extension(file)) {
            case "csv", "tsv" -> CsvSource.open(file, csvSeparator(file).orElseThrow());
            case "parquet" -> ParquetSource.open(file);
            case "jsonl", "ndjson", "json" -> JsonLinesSource.open(file);
            default -> throw CapstanException.invalid("%s: unknown table format; supported extensions: %s",
                    file, SUPPORTED);
        };
    }

    /** The field separator of a file that {@link #open} reads as CSV: ',' for .csv, a tab for .tsv; else empty. */
    public static Optional<Character> csvSeparator(Path file) {
        return switch (extension(file)) {
            case "csv" -> Optional.of(',');
            case "tsv" -> Optional.of('\t');
            default -> Optional.empty();
        };
    }

    /**
     * Rows given in memory, for checks of incoming requests at serving time. Values are taken as they are, except
     * that integral numbers become {@code Long}, other numbers {@code Double} (NaN null), and maps and lists their
     * JSON text, as JSON lines gives them. A key missing from a row is null; a key that is not a column is an error.
     */
    public static TableSource of(String name, List<String> columns, List<Map<String, Object>> rows) {
        return new RowsSource(name, columns, rows);
    }

    /**
     * The same source with its batches read ahead on another thread, for a caller whose own work on each batch is
     * worth overlapping with the reading.
     */
    public static TableSource prefetching(TableSource source) {
        return new PrefetchingSource(source);
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
