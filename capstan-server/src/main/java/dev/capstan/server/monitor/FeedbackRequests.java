package dev.capstan.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.monitor.ReferenceProfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code POST /v2/feedback} bodies: one answer {@code {"request_id": "...", "label": "yes"}}, a list of them,
 * or {@code {"feedback": [...]}}. An answer has a {@code label} (text, number or boolean: a class) or a
 * {@code value} (a number), and a {@code row} for multi-row requests (default 0). A malformed answer fails the
 * whole batch with its position and field, so that nothing is half-stored.
 */
final class FeedbackRequests {

    private FeedbackRequests() {
    }

    static List<PredictionLog.Feedback> parse(JsonNode body) {
        JsonNode items = body != null && body.isObject() && body.has("feedback") ? body.get("feedback") : body;
        if (items == null || !(items.isArray() || items.isObject())) {
            throw CapstanException.invalid("Feedback: expected {\"request_id\": ..., \"label\": ...}, a list of them, "
                    + "or {\"feedback\": [...]}");
        }
        List<PredictionLog.Feedback> answers = new ArrayList<>();
        if (items.isObject()) {
            answers.add(answer(items, "feedback"));
        } else {
            for (int i = 0; i < items.size(); i++) {
                answers.add(answer(items.get(i), "feedback[" + i + "]"));
            }
        }
        if (answers.isEmpty()) {
            throw CapstanException.invalid("Feedback: the list is empty");
        }
        return answers;
    }

    private static PredictionLog.Feedback answer(JsonNode item, String where) {
        if (!item.isObject()) {
            throw CapstanException.invalid("%s: expected an object with request_id and label or value, found %s",
                    where, item);
        }
        JsonNode id = item.get("request_id");
        if (id == null || !(id.isTextual() || id.isIntegralNumber()) || id.asText().isBlank()) {
            throw CapstanException.invalid("%s: request_id: expected a non-empty string, found %s", where, id);
        }
        JsonNode row = item.get("row");
        if (row != null && !(row.isIntegralNumber() && row.asLong() >= 0 && row.asLong() <= Integer.MAX_VALUE)) {
            throw CapstanException.invalid("%s: row: expected a non-negative integer, found %s", where, row);
        }
        JsonNode label = item.get("label");
        JsonNode value = item.get("value");
        boolean hasLabel = label != null && !label.isNull();
        boolean hasValue = value != null && !value.isNull();
        if (hasLabel == hasValue) {
            throw CapstanException.invalid("%s: expected one of label (a class) or value (a number), found %s", where,
                    hasLabel ? "both" : "neither");
        }
        if (hasLabel && !(label.isTextual() || label.isNumber() || label.isBoolean())) {
            throw CapstanException.invalid("%s: label: expected a string, number or boolean, found %s", where, label);
        }
        if (hasValue && !(value.isNumber() && Double.isFinite(value.asDouble()))) {
            throw CapstanException.invalid("%s: value: expected a finite number, found %s", where, value);
        }
        return new PredictionLog.Feedback(id.asText(), row == null ? 0 : row.asInt(),
                hasLabel ? label(label) : null, hasValue ? value.asDouble() : null);
    }

    /** A label as the log compares classes: integral numbers without a fraction, the rest as text. */
    private static String label(JsonNode label) {
        if (label.isNumber()) {
            return ReferenceProfile.category(label.isIntegralNumber() ? (Object) label.asLong() : label.asDouble());
        }
        return label.asText();
    }
}
