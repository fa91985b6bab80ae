package dev.capstan.server.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.Tensor;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.mlmodel.DataType;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.mlmodel.SignatureEnforcer;
import dev.capstan.ml.mlmodel.TensorSpec;
import dev.capstan.ml.predict.BatchFiles;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.ml.predict.PreparedInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON request shapes that the MLflow and plain protocols share, turned into a model's checked input with the
 * help of its signature: rows of positional values, named values or lists, and records.
 */
final class InputDecoding {

    private InputDecoding() {
    }

    /**
     * Rows of positional values ({@code [[...], ...]}): the signature's columns in order, its only tensor
     * ({@code [rows, ...]}), or, without a signature, one float64 tensor {@code [rows, width]}.
     */
    static PreparedInput rows(JsonNode rows, ModelScorer scorer, String what) {
        Schema schema = scorer.inputSchema();
        if (schema != null && !schema.isTensorBased()) {
            return scorer.prepare(positionalColumns(rows, scorer.inputColumns(), what));
        }
        TensorSpec spec = schema == null ? null : onlyTensor(schema, what);
        Tensor tensor = TensorJson.nested(rows, spec == null ? "float64" : spec.dtype(), what);
        return scorer.prepareTensors(Map.of(spec == null || spec.name() == null ? SignatureEnforcer.UNNAMED_TENSOR
                : spec.name(), reshaped(tensor, spec)));
    }

    /** An object of name to value (one row) or to list (one entry per row): columns, or named tensors. */
    static PreparedInput named(JsonNode object, ModelScorer scorer, String what) {
        Schema schema = scorer.inputSchema();
        if (schema != null && schema.isTensorBased()) {
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (TensorSpec spec : schema.tensors()) {
                String name = spec.name() == null ? SignatureEnforcer.UNNAMED_TENSOR : spec.name();
                JsonNode value = object.get(name);
                if (value != null) {
                    tensors.put(name, TensorJson.nested(value, spec.dtype(), what + " '" + name + "'"));
                }
            }
            return scorer.prepareTensors(tensors);
        }
        int rows = -1;
        Map<String, JsonNode[]> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            int n = value.isArray() ? value.size() : 1;
            if (rows >= 0 && n != rows) {
                throw CapstanException.invalid("%s: column '%s' has %d values, the columns before it %d", what,
                        field.getKey(), n, rows);
            }
            rows = n;
            JsonNode[] cells = new JsonNode[n];
            for (int r = 0; r < n; r++) {
                cells[r] = value.isArray() ? value.get(r) : value;
            }
            columns.put(field.getKey(), cells);
        }
        return scorer.prepare(BatchFiles.jsonColumns(columns, Math.max(rows, 0)));
    }

    /** A list of records ({@code [{"f0": 1.0, ...}, ...]}). */
    static PreparedInput records(JsonNode records, ModelScorer scorer, String what) {
        return scorer.prepare(BatchFiles.dataframeRecords(records, what));
    }

    private static ColumnarBatch positionalColumns(JsonNode rows, List<ColSpec> specs, String what) {
        int n = rows.size();
        for (int r = 0; r < n; r++) {
            JsonNode row = rows.get(r);
            if (!row.isArray() || row.size() != specs.size()) {
                throw CapstanException.invalid("%s, row %d: expected %d values, one per input column (%s), found %s",
                        what, r, specs.size(), names(specs), row.isArray() ? row.size() : row.toString());
            }
        }
        ColumnarBatch numbers = numericColumns(rows, specs);
        if (numbers != null) {
            return numbers;
        }
        Map<String, JsonNode[]> columns = new LinkedHashMap<>();
        List<JsonNode[]> byIndex = new ArrayList<>();
        for (ColSpec spec : specs) {
            JsonNode[] cells = new JsonNode[n];
            columns.put(spec.name(), cells);
            byIndex.add(cells);
        }
        for (int r = 0; r < n; r++) {
            JsonNode row = rows.get(r);
            for (int c = 0; c < specs.size(); c++) {
                byIndex.get(c)[r] = row.get(c);
            }
        }
        return BatchFiles.jsonColumns(columns, n);
    }

    /** Rows of numbers and nulls for double columns, straight into {@code double[]} columns; null otherwise. */
    private static ColumnarBatch numericColumns(JsonNode rows, List<ColSpec> specs) {
        int n = rows.size();
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int c = 0; c < specs.size(); c++) {
            if (specs.get(c).type() != DataType.DOUBLE) {
                return null;
            }
            double[] values = new double[n];
            for (int r = 0; r < n; r++) {
                JsonNode v = rows.get(r).get(c);
                if (v.isNumber()) {
                    values[r] = v.doubleValue();
                } else if (v.isNull()) {
                    values[r] = Double.NaN;
                } else {
                    return null;
                }
            }
            columns.put(specs.get(c).name(), values);
        }
        return new ColumnarBatch(columns, n);
    }

    private static String names(List<ColSpec> specs) {
        List<String> names = specs.stream().map(ColSpec::name).toList();
        return names.size() <= 8 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 8)) + ", ... " + names.get(names.size() - 1);
    }

    static TensorSpec onlyTensor(Schema schema, String what) {
        if (schema.tensors().size() != 1) {
            throw CapstanException.invalid("%s: the model takes %d named tensors %s; send them by name", what,
                    schema.tensors().size(), schema.tensors().stream().map(TensorSpec::name).toList());
        }
        return schema.tensors().get(0);
    }

    /** Rows of flat values reshaped to the spec's trailing dimensions when their sizes agree. */
    private static Tensor reshaped(Tensor tensor, TensorSpec spec) {
        if (spec == null || tensor.shape().size() != 2 || spec.shape().size() <= 2) {
            return tensor;
        }
        List<Long> trailing = spec.shape().subList(1, spec.shape().size());
        long width = trailing.stream().mapToLong(Long::longValue).reduce(1L, (a, b) -> a * b);
        if (width != tensor.shape().get(1)) {
            return tensor;
        }
        List<Long> shape = new ArrayList<>();
        shape.add(tensor.shape().get(0));
        shape.addAll(trailing);
        return new Tensor(tensor.dtype(), shape, tensor.data());
    }
}
