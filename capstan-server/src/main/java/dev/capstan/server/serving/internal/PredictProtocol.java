package dev.capstan.server.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.ml.predict.PredictionTables;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.PreparedInput;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Capstan's plain protocol ({@code POST /predict}): {@code {"features": [...]}} for one row of values in the
 * signature's order, {@code {"features": [[...], ...]}} for several, an object of named columns (a value or a list
 * each), or a list of records. The answer names the model and version and gives one prediction per row: the value
 * of a single output, or an object of every output.
 */
public final class PredictProtocol {

    private PredictProtocol() {
    }

    /** The model input of a request. */
    public static PreparedInput decode(JsonNode root, ModelScorer scorer) {
        if (root != null && root.isArray()) {
            return InputDecoding.records(root, scorer, "records");
        }
        if (root == null || !root.isObject()) {
            throw CapstanException.invalid("Expected {\"features\": [...]}, an object of named columns or a list of "
                    + "records, found %s", root == null ? "an empty body" : root.getNodeType());
        }
        JsonNode features = root.get("features");
        if (features == null) {
            return InputDecoding.named(root, scorer, "columns");
        }
        if (!features.isArray() || features.isEmpty()) {
            throw CapstanException.invalid("'features' must be a non-empty list of values or of rows, found %s",
                    features);
        }
        boolean rows = features.get(0).isArray();
        return InputDecoding.rows(rows ? features : Json.MAPPER.createArrayNode().add(features), scorer, "features");
    }

    /** {@code {"model_name", "model_version", "predictions": [...]}}. */
    public static Map<String, Object> response(String model, String version, Predictions predictions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model_name", model);
        body.put("model_version", version);
        body.put("predictions", PredictionTables.jsonRows(predictions));
        return body;
    }
}
