package dev.capstan.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Uploads a run's files through a server's proxied artifact API, as MLflow clients do:
 * {@code PUT /api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/<name>}. Thread-safe.
 */
final class ArtifactUploader {

    private static final String SCHEME = "mlflow-artifacts";
    private static final String API = "/api/2.0/mlflow-artifacts/artifacts/";

    private final String serverUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ArtifactUploader(String serverUrl) {
        this.serverUrl = serverUrl.replaceAll("/+$", "");
    }

    /** Stores {@code content} as {@code name} among the artifacts of the run whose artifact URI is given. */
    void put(String runArtifactUri, String name, byte[] content) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(serverUrl + API + encodedPath(runArtifactUri, name)))
                .timeout(Duration.ofSeconds(60))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() >= 300) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Uploading " + name + " to " + request.uri()
                    + " failed with HTTP " + response.statusCode() + ": " + message(response.body()));
        }
    }

    /**
     * The URL path of an artifact: the path of the run's {@code mlflow-artifacts:/path} (or
     * {@code mlflow-artifacts://host/path}) location plus the file name.
     */
    static String encodedPath(String runArtifactUri, String name) {
        String path = proxiedPath(runArtifactUri) + "/" + name;
        return Arrays.stream(path.split("/"))
                .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining("/"));
    }

    private static String proxiedPath(String runArtifactUri) {
        URI uri = parse(runArtifactUri);
        if (uri == null || !SCHEME.equals(uri.getScheme()) || uri.getPath() == null || uri.getPath().isBlank()) {
            throw CapstanException.invalid("The run's artifacts are stored at %s, which the server does not proxy; "
                    + "expected a %s:/ URI", runArtifactUri, SCHEME);
        }
        return uri.getPath().replaceFirst("^/+", "");
    }

    private static URI parse(String uri) {
        try {
            return uri == null ? null : new URI(uri);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Cannot reach " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Interrupted while uploading to " + request.uri(), e);
        }
    }

    private static String message(String body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            return json.path("message").asText(body);
        } catch (IOException e) {
            return body;
        }
    }
}
