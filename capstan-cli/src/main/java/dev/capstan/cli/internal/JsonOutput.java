package dev.capstan.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --json} output: the MLflow wire shape, written with {@link Json#MAPPER} and indented. */
public final class JsonOutput {

    private JsonOutput() {
    }

    public static void print(PrintWriter out, Object value) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Cannot write JSON output: " + e.getOriginalMessage(), e);
        }
    }

    /** A response object with one field, like MLflow's {@code {"run": {...}}}. */
    public static Map<String, Object> wrap(String field, Object value) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, value);
        return body;
    }
}
