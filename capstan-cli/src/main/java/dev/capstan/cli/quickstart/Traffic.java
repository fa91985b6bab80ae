package dev.capstan.cli.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quickstart's customers calling the served model: rows of a churn table sent one request each to
 * {@code /models/NAME/invocations}, as an application would, and the true answers sent later as feedback.
 */
final class Traffic {

    /** A table's rows: the model's inputs, and the label each row turned out to have. */
    record Rows(List<Map<String, Object>> inputs, List<String> labels) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String server;

    Traffic(String server) {
        this.server = server;
    }

    /** Reads a churn CSV written by {@link ChurnData}: every column but the id and the label is an input. */
    static Rows read(Path csv) {
        try {
            List<String> lines = Files.readAllLines(csv);
            String[] header = lines.get(0).split(",");
            List<Map<String, Object>> inputs = new ArrayList<>();
            List<String> labels = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] values = line.split(",");
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 1; c < header.length - 1; c++) {
                    row.put(header[c], header[c].equals("category") ? values[c] : Double.valueOf(values[c]));
                }
                inputs.add(row);
                labels.add(values[header.length - 1]);
            }
            return new Rows(inputs, labels);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + csv, e);
        }
    }

    /** Sends each row as one request to the endpoint; returns the request ids the server gave them. */
    List<String> send(String endpoint, List<Map<String, Object>> rows) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            HttpResponse<String> response = post("/models/" + endpoint + "/invocations",
                    Map.of("dataframe_records", List.of(row)));
            ids.add(response.headers().firstValue("X-Request-Id").orElse(null));
        }
        return ids;
    }

    /** Sends the true labels of answered requests; returns how many the server matched. */
    int feedback(List<String> ids, List<String> labels) {
        List<Map<String, Object>> answers = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            answers.add(Map.of("request_id", ids.get(i), "label", labels.get(i)));
        }
        return json(post("/v2/feedback", Map.of("feedback", answers))).path("accepted").asInt();
    }

    /** POSTs a JSON body and reads the JSON answer; a non-2xx answer is an error. */
    JsonNode call(String path, Object body) {
        return json(post(path, body));
    }

    JsonNode get(String path) {
        try {
            return json(http.send(HttpRequest.newBuilder(URI.create(server + path)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String path, Object body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server + path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
