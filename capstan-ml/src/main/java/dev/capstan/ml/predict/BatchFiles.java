package dev.capstan.ml.predict;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.train.internal.Tables;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads rows to score from files into a {@link ColumnarBatch}:
 * <ul>
 *   <li>CSV with a header row (RFC 4180 quoting): a column whose non-empty cells are all numbers becomes
 *   {@code double[]} with NaN for empty cells; any other column becomes {@code String[]} with {@code null} for
 *   empty cells.</li>
 *   <li>Parquet, TSV and JSON lines as {@code capstan train} reads them: numeric columns {@code double[]}, any
 *   other column an {@code Object[]} of its values.</li>
 *   <li>JSON as MLflow's scoring server takes it: {@code {"dataframe_split": {"columns": [...], "data": [[...]]}}},
 *   {@code {"dataframe_records": [{...}]}} or a bare list of records {@code [{"f0": 1.0}, ...]}. A column of numbers
 *   and nulls becomes {@code double[]} (null as NaN); any other column an {@code Object[]} of JSON values.</li>
 * </ul>
 * Type conversion to the model's signature is left to {@link dev.capstan.ml.mlmodel.SignatureEnforcer}. Errors are
 * {@link CapstanException}s ({@code INVALID_PARAMETER_VALUE}) naming the file and, where it applies, the line.
 */
public final class BatchFiles {

    private static final List<String> TABLE_EXTENSIONS = List.of(".parquet", ".tsv", ".jsonl", ".ndjson");

    private BatchFiles() {
    }

    /**
     * Reads {@code file}: MLflow's JSON when its name ends in {@code .json}; Parquet, TSV and JSON lines
     * ({@code .parquet}, {@code .tsv}, {@code .jsonl}, {@code .ndjson}) as training reads them; CSV otherwise.
     */
    public static ColumnarBatch read(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (TABLE_EXTENSIONS.stream().anyMatch(name::endsWith)) {
            return table(Tables.read(file));
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return name.endsWith(".json") ? readJson(reader, file.toString()) : readCsv(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw CapstanException.invalid("Input file %s does not exist", file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** A table read for training as a batch: numeric columns {@code double[]}, others their values. */
    private static ColumnarBatch table(Tables.Columns table) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int c = 0; c < table.names().size(); c++) {
            columns.put(table.names().get(c), table.columns().get(c));
        }
        return new ColumnarBatch(columns, table.rows());
    }

    /** Reads CSV with a header row; {@code source} names the input in error messages. */
    public static ColumnarBatch readCsv(Reader reader, String source) throws IOException {
        List<List<String>> records = CsvParser.parse(reader instanceof BufferedReader b ? b : new BufferedReader(reader));
        if (records.isEmpty()) {
            throw CapstanException.invalid("%s is empty: expected a header row with the column names", source);
        }
        List<String> header = records.get(0);
        int rows = records.size() - 1;
        List<String[]> cells = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            cells.add(new String[rows]);
        }
        for (int r = 0; r < rows; r++) {
            List<String> record = records.get(r + 1);
            if (record.size() != header.size()) {
                throw CapstanException.invalid("%s, row %d: expected %d cells as in the header, found %d", source,
                        r + 1, header.size(), record.size());
            }
            for (int c = 0; c < header.size(); c++) {
                String cell = record.get(c);
                cells.get(c)[r] = cell.isEmpty() ? null : cell;
            }
        }
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String name = header.get(c).strip();
            if (columns.containsKey(name)) {
                throw CapstanException.invalid("%s: column '%s' appears twice in the header", source, name);
            }
            columns.put(name, numericOrText(cells.get(c)));
        }
        return new ColumnarBatch(columns, rows);
    }

    private static Object numericOrText(String[] values) {
        double[] numbers = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                numbers[i] = Double.NaN;
                continue;
            }
            try {
                numbers[i] = Double.parseDouble(values[i].strip());
            } catch (NumberFormatException e) {
                return values;
            }
        }
        return numbers;
    }

    /** Reads MLflow's {@code dataframe_split} or {@code dataframe_records} JSON, or a list of records. */
    public static ColumnarBatch readJson(Reader reader, String source) throws IOException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(reader);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw CapstanException.invalid("%s is not valid JSON: %s", source, e.getOriginalMessage());
        }
        if (root == null) {
            throw CapstanException.invalid("%s is empty", source);
        }
        if (root.isArray()) {
            return dataframeRecords(root, source);
        }
        if (root.has("dataframe_records")) {
            return dataframeRecords(root.get("dataframe_records"), source);
        }
        if (root.has("dataframe_split")) {
            return dataframeSplit(root.get("dataframe_split"), source);
        }
        throw CapstanException.invalid("%s: expected {\"dataframe_split\": {\"columns\": [...], \"data\": [[...]]}}, "
                + "{\"dataframe_records\": [...]} or a list of records, found keys %s", source, fieldNames(root));
    }

    /** MLflow's {@code dataframe_split} object ({@code columns}, {@code data}) as a batch. */
    public static ColumnarBatch dataframeSplit(JsonNode split, String source) {
        JsonNode names = split.path("columns");
        JsonNode data = split.path("data");
        if (!names.isArray() || !data.isArray()) {
            throw CapstanException.invalid("%s: dataframe_split needs a \"columns\" list and a \"data\" list of rows",
                    source);
        }
        int rows = data.size();
        Map<String, JsonNode[]> columns = new LinkedHashMap<>();
        for (JsonNode name : names) {
            columns.put(name.asText(), new JsonNode[rows]);
        }
        if (columns.size() != names.size()) {
            throw CapstanException.invalid("%s: dataframe_split names a column twice", source);
        }
        List<JsonNode[]> byIndex = new ArrayList<>(columns.values());
        for (int r = 0; r < rows; r++) {
            JsonNode row = data.get(r);
            if (!row.isArray() || row.size() != names.size()) {
                throw CapstanException.invalid("%s: row %d of dataframe_split has %s values, expected %d", source,
                        r, row.isArray() ? row.size() : "no list of", names.size());
            }
            for (int c = 0; c < names.size(); c++) {
                byIndex.get(c)[r] = row.get(c);
            }
        }
        return jsonColumns(columns, rows);
    }

    /** A list of records ({@code [{"f0": 1.0}, ...]}, MLflow's {@code dataframe_records}) as a batch. */
    public static ColumnarBatch dataframeRecords(JsonNode records, String source) {
        if (!records.isArray()) {
            throw CapstanException.invalid("%s: expected a list of records", source);
        }
        int rows = records.size();
        Map<String, JsonNode[]> columns = new LinkedHashMap<>();
        for (int r = 0; r < rows; r++) {
            JsonNode record = records.get(r);
            if (!record.isObject()) {
                throw CapstanException.invalid("%s: record %d is not a JSON object", source, r);
            }
            for (Map.Entry<String, JsonNode> field : record.properties()) {
                columns.computeIfAbsent(field.getKey(), k -> new JsonNode[rows])[r] = field.getValue();
            }
        }
        return jsonColumns(columns, rows);
    }

    /** Columns of JSON values (null entries for absent cells) as a batch, typed as {@link #readJson} types them. */
    public static ColumnarBatch jsonColumns(Map<String, JsonNode[]> columns, int rows) {
        Map<String, Object> out = new LinkedHashMap<>();
        columns.forEach((name, values) -> out.put(name, column(values)));
        return new ColumnarBatch(out, rows);
    }

    private static Object column(JsonNode[] values) {
        boolean numeric = true;
        for (JsonNode v : values) {
            if (v != null && !v.isNull() && !v.isNumber()) {
                numeric = false;
                break;
            }
        }
        if (numeric) {
            double[] out = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i] == null || values[i].isNull() ? Double.NaN : values[i].doubleValue();
            }
            return out;
        }
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = values[i];
            out[i] = v == null || v.isNull() ? null : Json.MAPPER.convertValue(v, Object.class);
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends; blank lines are skipped. */
    static final class CsvParser {

        private CsvParser() {
        }

        static List<List<String>> parse(BufferedReader in) throws IOException {
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            int ch;
            while ((ch = in.read()) != -1) {
                char c = (char) ch;
                if (quoted) {
                    if (c == '"') {
                        in.mark(1);
                        int next = in.read();
                        if (next == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (next != -1) {
                                in.reset();
                            }
                        }
                    } else {
                        field.append(c);
                    }
                    continue;
                }
                switch (c) {
                    case '"' -> {
                        quoted = true;
                        any = true;
                    }
                    case ',' -> {
                        record.add(field.toString());
                        field.setLength(0);
                        any = true;
                    }
                    case '\r' -> { }
                    case '\n' -> {
                        if (any || field.length() > 0) {
                            record.add(field.toString());
                            records.add(record);
                        }
                        record = new ArrayList<>();
                        field.setLength(0);
                        any = false;
                    }
                    default -> {
                        field.append(c);
                        any = true;
                    }
                }
            }
            if (any || field.length() > 0) {
                record.add(field.toString());
                records.add(record);
            }
            return records;
        }
    }
}
