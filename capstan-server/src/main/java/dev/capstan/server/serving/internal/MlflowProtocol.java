package dev.capstan.server.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.ErrorCode;
import dev.capstan.ml.mlmodel.Schema;
import dev.capstan.ml.predict.BatchFiles;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.ml.predict.PredictionTables;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.PreparedInput;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's scoring protocol ({@code POST /invocations}): a JSON object with exactly one of
 * {@code dataframe_split}, {@code dataframe_records}, {@code instances} or {@code inputs} (plus optional
 * {@code params}), or CSV with a header row; the answer is {@code {"predictions": ...}}.
 */
public final class MlflowProtocol {

    private static final Set<String> INPUT_KEYS = Set.of("dataframe_split", "dataframe_records", "instances",
            "inputs");
    private static final String PREDICT_METHOD = "predict_method";

    private MlflowProtocol() {
    }

    /** The model input of a JSON request. */
    public static PreparedInput decodeJson(JsonNode root, ModelScorer scorer) {
        if (root == null || !root.isObject()) {
            throw badRequest("expected a JSON object, found %s", root == null ? "an empty body" : root.getNodeType());
        }
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(k -> {
            if (INPUT_KEYS.contains(k)) {
                keys.add(k);
            }
        });
        if (keys.size() != 1) {
            List<String> found = new ArrayList<>();
            root.fieldNames().forEachRemaining(found::add);
            throw badRequest("the input must be a JSON object with exactly one of the fields %s, found fields %s",
                    List.of("dataframe_split", "dataframe_records", "instances", "inputs"), found);
        }
        String key = keys.get(0);
        JsonNode value = root.get(key);
        return switch (key) {
            case "dataframe_split" -> scorer.prepare(BatchFiles.dataframeSplit(value, key));
            case "dataframe_records" -> InputDecoding.records(value, scorer, key);
            default -> tensorInput(value, scorer, key);
        };
    }

    /** The model input of a CSV request (a header row, then rows). */
    public static PreparedInput decodeCsv(String csv, ModelScorer scorer) {
        try {
            return scorer.prepare(BatchFiles.readCsv(new StringReader(csv), "CSV body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MLflow's {@code instances} / {@code inputs}: named lists, records, rows, or one tensor. */
    private static PreparedInput tensorInput(JsonNode value, ModelScorer scorer, String key) {
        if (value.isObject()) {
            return InputDecoding.named(value, scorer, key);
        }
        if (!value.isArray()) {
            throw badRequest("'%s' must be a list or an object of named inputs, found %s", key, value.getNodeType());
        }
        if (value.size() > 0 && value.get(0).isObject()) {
            return InputDecoding.records(value, scorer, key);
        }
        Schema schema = scorer.inputSchema();
        if (schema != null && !schema.isTensorBased() && value.size() > 0 && !value.get(0).isArray()) {
            return InputDecoding.rows(schema.columns().size() == 1 ? column(value) : wrap(value), scorer, key);
        }
        return InputDecoding.rows(value, scorer, key);
    }

    private static JsonNode wrap(JsonNode row) {
        return Json.MAPPER.createArrayNode().add(row);
    }

    private static JsonNode column(JsonNode values) {
        ArrayNode rows = Json.MAPPER.createArrayNode();
        values.forEach(v -> rows.add(Json.MAPPER.createArrayNode().add(v)));
        return rows;
    }

    /**
     * MLflow's answer: a classifier's labels (its probabilities when {@code params.predict_method} is
     * {@code predict_proba}), a regressor's values, or, for models with other outputs, the one output's rows or an
     * object of output name to rows.
     */
    public static Map<String, Object> response(Predictions predictions, JsonNode params) {
        Map<String, Object> outputs = PredictionTables.orderedOutputs(predictions);
        String method = params == null ? "" : params.path(PREDICT_METHOD).asText("");
        Object body;
        if (method.equals("predict_proba") && outputs.containsKey(Predictions.PROBABILITIES)) {
            body = outputs.get(Predictions.PROBABILITIES);
        } else if (outputs.containsKey(Predictions.LABEL)) {
            body = outputs.get(Predictions.LABEL);
        } else if (outputs.containsKey(Predictions.PREDICTION)) {
            body = outputs.get(Predictions.PREDICTION);
        } else if (outputs.size() == 1 && outputs.containsKey(Predictions.PROBABILITIES)) {
            body = outputs.get(Predictions.PROBABILITIES);
        } else {
            body = outputs;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("predictions", body);
        return response;
    }

    private static CapstanException badRequest(String format, Object... args) {
        return new CapstanException(ErrorCode.BAD_REQUEST, "Invalid input: " + String.format(format, args));
    }
}
