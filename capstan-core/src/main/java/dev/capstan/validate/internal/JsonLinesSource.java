package dev.capstan.validate.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.capstan.CapstanException;
import dev.capstan.validate.Batch;
import dev.capstan.validate.TableSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON lines file: one JSON object per line, blank lines skipped. The columns are the keys of the first
 * {@link TableSource#BATCH_ROWS} rows in order of first appearance, read when the file is opened; a key that first
 * appears later is an error, since the columns are fixed before the first batch. A missing key is null. Values:
 * strings as {@code String}, integers as {@code Long} (beyond long as {@code Double}), other numbers as {@code Double}
 * (NaN, which Python's {@code json} writes, as null), booleans as {@code Boolean}, nested objects and arrays as their
 * JSON text.
 */
public final class JsonLinesSource implements TableSource {
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String name;
    private final BufferedReader reader;
    private List<String> columns = new ArrayList<>();
    private final Map<String, Integer> indexes = new HashMap<>();
    private Batch first;
    private boolean columnsFixed;
    private long rowsRead;
    private long lineNumber;

    private JsonLinesSource(String name, BufferedReader reader) {
        this.name = name;
        this.reader = reader;
        this.first = readBatch();
        this.columns = List.copyOf(columns);
        this.columnsFixed = true;
    }

    /** Opens {@code file} and reads its first batch, which decides the columns. */
    public static JsonLinesSource open(Path file) {
        BufferedReader reader = reader(file);
        try {
            return new JsonLinesSource(file.toString(), reader);
        } catch (RuntimeException e) {
            closeQuietly(reader);
            throw e;
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
        if (first != null) {
            Batch batch = first;
            first = null;
            return batch;
        }
        return readBatch();
    }

    @Override
    public void close() {
        first = null;
        closeQuietly(reader);
    }

    private Batch readBatch() {
        BatchBuilder batch = new BatchBuilder(columns.size());
        String line;
        while (!batch.isFull() && (line = readLine()) != null) {
            if (!line.isBlank()) {
                readRow(line, batch);
                batch.endRow();
            }
        }
        long firstRow = rowsRead;
        rowsRead += batch.size();
        return batch.build(firstRow, columns);
    }

    private String readLine() {
        try {
            String line = reader.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            return lineNumber == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
        } catch (CharacterCodingException e) {
            throw CapstanException.invalid("%s: not UTF-8 text (near line %d)", name, lineNumber + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private void readRow(String line, BatchBuilder batch) {
        try (JsonParser parser = JSON.createParser(line)) {
            JsonToken start = parser.nextToken();
            if (start != JsonToken.START_OBJECT) {
                throw CapstanException.invalid("%s:%d: expected one JSON object per line, found %s",
                        name, lineNumber, describe(start));
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                int column = column(parser.currentName(), batch);
                parser.nextToken();
                batch.set(column, value(parser));
            }
            if (parser.nextToken() != null) {
                throw CapstanException.invalid("%s:%d: more than one JSON value on the line", name, lineNumber);
            }
        } catch (JsonProcessingException e) {
            throw CapstanException.invalid("%s:%d: malformed JSON: %s", name, lineNumber, e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index of a key's column, adding the column while the first batch is read. */
    private int column(String key, BatchBuilder batch) {
        Integer index = indexes.get(key);
        if (index != null) {
            return index;
        }
        if (columnsFixed) {
            throw CapstanException.invalid("%s:%d: key '%s' is not in the first %d rows' columns %s",
                    name, lineNumber, key, BATCH_ROWS, columns);
        }
        indexes.put(key, columns.size());
        columns.add(key);
        batch.addColumn();
        return columns.size() - 1;
    }

    private static Object value(JsonParser parser) throws IOException {
        return switch (parser.currentToken()) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) parser.getDoubleValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> SourceValues.real(parser.getDoubleValue());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case START_OBJECT, START_ARRAY -> jsonText(parser);
            default -> null;
        };
    }

    private static String jsonText(JsonParser parser) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            generator.copyCurrentStructure(parser);
        }
        return text.toString();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "null";
        };
    }

    private static BufferedReader reader(Path file) {
        try {
            return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw SourceFiles.unreadable(file, e);
        }
    }

    private static void closeQuietly(BufferedReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing was written; a failed close loses nothing
        }
    }
}
