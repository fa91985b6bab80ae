package dev.capstan.server.serving.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import io.vertx.core.buffer.Buffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.util.List;
import java.util.Map;

/**
 * Writes inference responses: maps, lists, Java arrays (primitive or nested) and scalars, with NaN and infinite
 * numbers written as {@code null} so that every response is standard JSON.
 */
public final class ResponseJson {

    private ResponseJson() {
    }

    /** {@code body} as JSON bytes. */
    public static Buffer write(Object body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(bytes)) {
            value(g, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Buffer.buffer(bytes.toByteArray());
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Float f) {
            real(g, f.floatValue());
        } else if (v instanceof Double d) {
            real(g, d);
        } else if (v instanceof JsonNode node) {
            g.writeTree(node);
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                value(g, item);
            }
            g.writeEndArray();
        } else if (v.getClass().isArray()) {
            array(g, v);
        } else {
            g.writeString(v.toString());
        }
    }

    private static void array(JsonGenerator g, Object array) throws IOException {
        g.writeStartArray();
        if (array instanceof double[] d) {
            for (double x : d) {
                real(g, x);
            }
        } else if (array instanceof float[] f) {
            for (float x : f) {
                real(g, x);
            }
        } else if (array instanceof long[] l) {
            for (long x : l) {
                g.writeNumber(x);
            }
        } else if (array instanceof int[] ints) {
            for (int x : ints) {
                g.writeNumber(x);
            }
        } else {
            for (int i = 0, n = Array.getLength(array); i < n; i++) {
                value(g, Array.get(array, i));
            }
        }
        g.writeEndArray();
    }

    private static void real(JsonGenerator g, float x) throws IOException {
        if (Float.isFinite(x)) {
            g.writeNumber(x);
        } else {
            g.writeNull();
        }
    }

    private static void real(JsonGenerator g, double x) throws IOException {
        if (Double.isFinite(x)) {
            g.writeNumber(x);
        } else {
            g.writeNull();
        }
    }
}
