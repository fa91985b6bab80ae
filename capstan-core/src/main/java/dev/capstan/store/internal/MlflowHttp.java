package dev.capstan.store.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import dev.capstan.tracking.Page;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The client side of MLflow's REST API ({@code /api/2.0/mlflow/...}), shared by the REST stores: GET parameters in
 * the query string, other methods with a JSON body, and error responses turned back into the
 * {@link CapstanException} (same {@link ErrorCode}) that the server's store threw. Credentials come from MLflow's
 * environment variables: {@code MLFLOW_TRACKING_TOKEN} (bearer), else {@code MLFLOW_TRACKING_USERNAME} and
 * {@code MLFLOW_TRACKING_PASSWORD} (basic). Thread-safe.
 */
public final class MlflowHttp {

    private static final String API = "/api/2.0/mlflow/";

    private static final Map<Integer, ErrorCode> STATUS_FALLBACK = Map.of(
            400, ErrorCode.BAD_REQUEST, 404, ErrorCode.ENDPOINT_NOT_FOUND, 401, ErrorCode.UNAUTHENTICATED,
            403, ErrorCode.PERMISSION_DENIED, 429, ErrorCode.REQUEST_LIMIT_EXCEEDED, 503, ErrorCode.TEMPORARILY_UNAVAILABLE);

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** A client of the server at {@code uri}, e.g. {@code http://127.0.0.1:5000}. */
    public MlflowHttp(String uri) {
        this.base = uri.replaceAll("/+$", "");
        this.authorization = authorization(System.getenv());
    }

    /** The {@code Authorization} header MLflow's clients send for these environment variables, or {@code null}. */
    static String authorization(Map<String, String> env) {
        String token = env.get("MLFLOW_TRACKING_TOKEN");
        if (token != null && !token.isEmpty()) {
            return "Bearer " + token;
        }
        String user = env.get("MLFLOW_TRACKING_USERNAME");
        if (user == null || user.isEmpty()) {
            return null;
        }
        String password = env.getOrDefault("MLFLOW_TRACKING_PASSWORD", "");
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * GET {@code endpoint} with alternating query keys and values; a key may repeat, {@code null} values are left out.
     * An endpoint is relative to MLflow's API root, or an absolute path when it starts with {@code /}.
     */
    public JsonNode get(String endpoint, String... keysAndValues) {
        StringBuilder url = new StringBuilder(url(endpoint));
        char separator = '?';
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                url.append(separator).append(encode(keysAndValues[i])).append('=').append(encode(keysAndValues[i + 1]));
                separator = '&';
            }
        }
        return send(HttpRequest.newBuilder(URI.create(url.toString())).GET());
    }

    public JsonNode post(String endpoint, JsonNode body) {
        return send("POST", endpoint, body);
    }

    /** Any method with a JSON body, for MLflow's PATCH and DELETE endpoints. */
    public JsonNode send(String method, String endpoint, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(url(endpoint)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A JSON object from alternating field names and values; {@code null} values are left out. */
    public static ObjectNode body(Object... keysAndValues) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                node.set((String) keysAndValues[i], Json.MAPPER.valueToTree(keysAndValues[i + 1]));
            }
        }
        return node;
    }

    /** The list in {@code field} of a search response and its {@code next_page_token}. */
    public static <T> Page<T> page(JsonNode response, String field, Class<T> type) {
        List<T> items = new ArrayList<>();
        response.path(field).forEach(node -> items.add(read(node, type)));
        String token = response.hasNonNull("next_page_token") ? response.get("next_page_token").asText() : null;
        return new Page<>(items, token == null || token.isEmpty() ? null : token);
    }

    public static <T> T read(JsonNode node, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Unexpected response from the tracking server: " + e.getMessage(), e);
        }
    }

    private String url(String endpoint) {
        return endpoint.startsWith("/") ? base + endpoint : base + API + endpoint;
    }

    private JsonNode send(HttpRequest.Builder request) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> response;
        try {
            response = http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Cannot reach the tracking server at " + base
                    + ": connection refused (is `capstan server` running?)", e);
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Cannot reach the tracking server at " + base
                    + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Interrupted while calling " + base, e);
        }
        JsonNode json = parse(response);
        if (response.statusCode() >= 400) {
            throw error(response.statusCode(), json, built.uri());
        }
        return json;
    }

    private static JsonNode parse(HttpResponse<String> response) {
        try {
            return response.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode().put("message", response.body());
        }
    }

    private static CapstanException error(int status, JsonNode json, URI uri) {
        ErrorCode code;
        try {
            code = ErrorCode.valueOf(json.path("error_code").asText());
        } catch (IllegalArgumentException e) {
            code = STATUS_FALLBACK.getOrDefault(status, ErrorCode.INTERNAL_ERROR);
        }
        String message = json.path("message").asText("HTTP " + status + " from " + uri);
        return new CapstanException(code, message);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
