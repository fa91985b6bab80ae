package dev.capstan.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.capstan.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The model fixtures written by real Python XGBoost and torch (capstan-ml's test resources) and an HTTP client. */
final class ServingFixtures {

    static final Path MODELS = Path.of("../capstan-ml/src/test/resources/models");
    static final Path XGB = MODELS.resolve("xgb-binary-json");
    static final Path ONNX = MODELS.resolve("onnx-mlp");
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServingFixtures() {
    }

    static JsonNode expected(Path fixture) {
        return read(fixture.resolve("expected.json"));
    }

    static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's rows.csv as JSON rows, empty cells as null. */
    static ArrayNode rows(Path fixture) {
        try {
            List<String> lines = Files.readAllLines(fixture.resolve("rows.csv"));
            ArrayNode rows = Json.MAPPER.createArrayNode();
            for (String line : lines.subList(1, lines.size())) {
                ArrayNode row = rows.addArray();
                for (String cell : line.split(",", -1)) {
                    if (cell.isEmpty()) {
                        row.addNull();
                    } else {
                        row.add(Double.parseDouble(cell));
                    }
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> header(Path fixture) {
        try {
            return List.of(Files.readAllLines(fixture.resolve("rows.csv")).get(0).split(","));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpResponse<String> post(String url, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
