package dev.capstan.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request message the way MLflow's server does: GET parameters (and those of a DELETE without a body) from
 * the query string, with repeated keys for list fields; other methods from a JSON body. Both become the same record, so handlers never see the difference.
 */
public final class ApiRequests {

    private ApiRequests() {
    }

    public static <T extends Record> T read(RoutingContext ctx, Class<T> type) {
        try {
            byte[] body = ctx.body() == null || ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            HttpMethod method = ctx.request().method();
            if (method == HttpMethod.GET || method == HttpMethod.DELETE && isBlank(body)) {
                return Json.MAPPER.treeToValue(fromQuery(ctx, type), type);
            }
            requireJson(ctx);
            return Json.MAPPER.readValue(isBlank(body) ? "{}".getBytes(StandardCharsets.UTF_8) : body, type);
        } catch (IOException e) {
            throw ErrorResponses.toCapstan(e);
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Requires a JSON content type: a browser sends anything else (or none) cross-site without a CORS preflight,
     * so this refuses cross-site request forgery, as MLflow does.
     */
    private static void requireJson(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || type.isBlank()) {
            throw new CapstanException(ErrorCode.BAD_REQUEST, "Content-Type header is missing: expected application/json");
        }
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new CapstanException(ErrorCode.BAD_REQUEST,
                    "Unsupported Content-Type '" + type + "': expected application/json");
        }
    }

    private static <T extends Record> ObjectNode fromQuery(RoutingContext ctx, Class<T> type) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = snakeCase(component.getName());
            List<String> values = ctx.queryParam(name);
            if (values.isEmpty()) {
                continue;
            }
            if (List.class.isAssignableFrom(component.getType())) {
                ArrayNode array = node.putArray(name);
                values.forEach(array::add);
            } else {
                node.put(name, values.get(0));
            }
        }
        return node;
    }

    static String snakeCase(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
