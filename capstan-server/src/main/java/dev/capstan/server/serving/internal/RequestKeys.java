package dev.capstan.server.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The value of a request field that keeps a client on one A/B variant: the field of the request's first row, in any
 * of the protocols' shapes (named columns, records, {@code dataframe_split}, Open Inference Protocol inputs).
 */
public final class RequestKeys {

    private RequestKeys() {
    }

    /** The field's first value as text, or null when the request does not carry it. */
    public static String field(JsonNode root, String field) {
        if (root == null) {
            return null;
        }
        JsonNode value = first(root, field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static JsonNode first(JsonNode root, String field) {
        if (root.isArray()) {
            return root.path(0).get(field);
        }
        if (root.has(field)) {
            JsonNode v = root.get(field);
            return v.isArray() ? v.get(0) : v;
        }
        if (root.has("dataframe_records")) {
            return root.get("dataframe_records").path(0).get(field);
        }
        JsonNode split = root.get("dataframe_split");
        if (split != null) {
            JsonNode columns = split.path("columns");
            for (int i = 0; i < columns.size(); i++) {
                if (field.equals(columns.get(i).asText())) {
                    return split.path("data").path(0).get(i);
                }
            }
            return null;
        }
        for (String key : new String[] {"inputs", "instances"}) {
            JsonNode inputs = root.get(key);
            if (inputs != null && inputs.isObject()) {
                return first(inputs, field);
            }
            if (inputs != null && inputs.isArray()) {
                for (JsonNode input : inputs) {
                    if (input.isObject() && field.equals(input.path("name").asText(null))) {
                        JsonNode data = input.path("data");
                        while (data.isArray()) {
                            data = data.path(0);
                        }
                        return data.isMissingNode() ? null : data;
                    }
                    if (input.isObject() && input.has(field)) {
                        return input.get(field);
                    }
                }
            }
        }
        return null;
    }
}
