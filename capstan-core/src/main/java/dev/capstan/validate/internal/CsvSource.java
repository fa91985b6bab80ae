package dev.capstan.validate.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.capstan.CapstanException;
import dev.capstan.validate.Batch;
import dev.capstan.validate.TableSource;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A CSV (RFC 4180) or TSV file streamed through Jackson's CSV token parser: the first line names the columns, every
 * value is a {@code String}, and an empty field, quoted or not, is null. Fields may be quoted to hold separators,
 * doubled quotes and line breaks; lines end in LF or CRLF; a UTF-8 byte order mark is skipped, and so are blank lines,
 * as pandas and readr skip them. Errors name the line where the offending row starts.
 */
public final class CsvSource implements TableSource {
    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    private final String name;
    private final CsvParser parser;
    private final List<String> columns;
    private long rowsRead;
    private int rowLine;

    private CsvSource(String name, CsvParser parser) {
        this.name = name;
        this.parser = parser;
        this.columns = header();
    }

    /** Opens {@code file} and reads its header; {@code separator} is {@code ','} for CSV, a tab for TSV. */
    public static CsvSource open(Path file, char separator) {
        CsvParser parser = parser(file, separator);
        try {
            return new CsvSource(file.toString(), parser);
        } catch (RuntimeException e) {
            closeQuietly(parser);
            throw e;
        }
    }

    private static CsvParser parser(Path file, char separator) {
        try {
            CsvParser parser = MAPPER.getFactory().createParser(Files.newInputStream(file));
            parser.setSchema(CsvSchema.emptySchema().withColumnSeparator(separator));
            return parser;
        } catch (IOException e) {
            throw SourceFiles.unreadable(file, e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean typed() {
        return false;
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public Batch next() {
        BatchBuilder batch = new BatchBuilder(columns.size());
        try {
            while (!batch.isFull() && readRow(batch)) {
                batch.endRow();
            }
        } catch (IOException e) {
            throw failure(e);
        }
        long firstRow = rowsRead;
        rowsRead += batch.size();
        return batch.build(firstRow, columns);
    }

    @Override
    public void close() {
        closeQuietly(parser);
    }

    private List<String> header() {
        List<String> names = new ArrayList<>();
        try {
            if (!startRow()) {
                throw CapstanException.invalid(
                        "%s: the file is empty; expected a header line with the column names", name);
            }
            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                names.add(parser.getText());
            }
        } catch (IOException e) {
            throw failure(e);
        }
        checkNames(names);
        return List.copyOf(names);
    }

    private void checkNames(List<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> duplicates = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isEmpty()) {
                throw CapstanException.invalid("%s:%d: column %d of the header has no name", name, rowLine, i + 1);
            }
            if (!seen.add(names.get(i))) {
                duplicates.add(names.get(i));
            }
        }
        if (!duplicates.isEmpty()) {
            throw CapstanException.invalid("%s:%d: the header names columns more than once: %s",
                    name, rowLine, String.join(", ", duplicates));
        }
    }

    /** Moves to the next row, noting the line it starts on; false at the end of the file. */
    private boolean startRow() throws IOException {
        if (parser.nextToken() != JsonToken.START_ARRAY) {
            return false;
        }
        rowLine = parser.currentLocation().getLineNr();
        return true;
    }

    private boolean readRow(BatchBuilder batch) throws IOException {
        if (!startRow()) {
            return false;
        }
        int width = columns.size();
        int fields = 0;
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
            if (fields == width) {
                throw fieldCount(fields + 1 + skipRest());
            }
            String text = parser.getText();
            batch.set(fields++, text.isEmpty() ? null : text);
        }
        if (fields != width) {
            throw fieldCount(fields);
        }
        return true;
    }

    private int skipRest() throws IOException {
        int fields = 0;
        while (parser.nextToken() == JsonToken.VALUE_STRING) {
            fields++;
        }
        return fields;
    }

    private CapstanException fieldCount(int found) {
        return CapstanException.invalid("%s:%d: expected %d fields as in the header, found %d",
                name, rowLine, columns.size(), found);
    }

    private RuntimeException failure(IOException e) {
        if (e instanceof JsonProcessingException parse) {
            return CapstanException.invalid("%s:%d: malformed row: %s", name, rowLine, parse.getOriginalMessage());
        }
        if (e instanceof CharConversionException) {
            return CapstanException.invalid("%s: not UTF-8 text (near line %d): %s", name, rowLine, e.getMessage());
        }
        return new UncheckedIOException("Cannot read " + name + ": " + e.getMessage(), e);
    }

    private static void closeQuietly(CsvParser parser) {
        try {
            parser.close();
        } catch (IOException e) {
            // nothing was written; a failed close loses nothing
        }
    }
}
