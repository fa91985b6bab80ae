package dev.capstan.tracking.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.ExperimentQuery;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.MetricWithRunId;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;

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
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The tracking store of a remote Capstan or MLflow server, through the MLflow REST API. Server errors come back as
 * the same {@link CapstanException} classes the SQL store throws. Thread-safe.
 */
public final class RestTrackingStore implements TrackingStore {

    private static final String API = "/api/2.0/mlflow/";

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public RestTrackingStore(String uri) {
        this.base = uri.replaceAll("/+$", "");
    }

    @Override
    public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
        return post("experiments/create", body("name", name, "artifact_location", artifactLocation, "tags", tags))
                .path("experiment_id").asText();
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        return read(get("experiments/get", "experiment_id", experimentId).path("experiment"), Experiment.class);
    }

    @Override
    public Experiment getExperimentByName(String name) {
        return read(get("experiments/get-by-name", "experiment_name", name).path("experiment"), Experiment.class);
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentQuery query) {
        JsonNode response = post("experiments/search", body("view_type", query.viewType(), "max_results",
                query.maxResults(), "filter", query.filter(), "order_by", query.orderBy(), "page_token", query.pageToken()));
        return page(response, "experiments", Experiment.class);
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        post("experiments/update", body("experiment_id", experimentId, "new_name", newName));
    }

    @Override
    public void deleteExperiment(String experimentId) {
        post("experiments/delete", body("experiment_id", experimentId));
    }

    @Override
    public void restoreExperiment(String experimentId) {
        post("experiments/restore", body("experiment_id", experimentId));
    }

    @Override
    public void setExperimentTag(String experimentId, Tag tag) {
        post("experiments/set-experiment-tag", body("experiment_id", experimentId, "key", tag.key(), "value", tag.value()));
    }

    @Override
    public void deleteExperimentTag(String experimentId, String key) {
        post("experiments/delete-experiment-tag", body("experiment_id", experimentId, "key", key));
    }

    @Override
    public Run createRun(NewRun run) {
        return read(post("runs/create", Json.MAPPER.valueToTree(run)).path("run"), Run.class);
    }

    @Override
    public Run getRun(String runId) {
        return read(get("runs/get", "run_id", runId).path("run"), Run.class);
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        JsonNode response = post("runs/update", body("run_id", runId, "status", status, "end_time", endTime,
                "run_name", runName));
        return read(response.path("run_info"), RunInfo.class);
    }

    @Override
    public void deleteRun(String runId) {
        post("runs/delete", body("run_id", runId));
    }

    @Override
    public void restoreRun(String runId) {
        post("runs/restore", body("run_id", runId));
    }

    @Override
    public Page<Run> searchRuns(RunQuery query) {
        return page(post("runs/search", Json.MAPPER.valueToTree(query)), "runs", Run.class);
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        post("runs/log-batch", body("run_id", runId, "metrics", metrics, "params", params, "tags", tags));
    }

    @Override
    public void deleteTag(String runId, String key) {
        post("runs/delete-tag", body("run_id", runId, "key", key));
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> datasets) {
        post("runs/log-inputs", body("run_id", runId, "datasets", datasets));
    }

    @Override
    public void logModel(String runId, String modelJson) {
        post("runs/log-model", body("run_id", runId, "model_json", modelJson));
    }

    @Override
    public Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        List<String> query = new ArrayList<>(List.of("run_id", runId, "metric_key", metricKey));
        addIfPresent(query, "max_results", maxResults);
        addIfPresent(query, "page_token", pageToken);
        return page(get("metrics/get-history", query.toArray(String[]::new)), "metrics", Metric.class);
    }

    @Override
    public List<MetricWithRunId> getMetricHistoryBulkInterval(List<String> runIds, String metricKey, Long startStep,
                                                              Long endStep, Integer maxResults) {
        List<String> query = new ArrayList<>();
        runIds.forEach(id -> query.addAll(List.of("run_ids", id)));
        query.addAll(List.of("metric_key", metricKey));
        addIfPresent(query, "start_step", startStep);
        addIfPresent(query, "end_step", endStep);
        addIfPresent(query, "max_results", maxResults);
        JsonNode metrics = get("metrics/get-history-bulk-interval", query.toArray(String[]::new)).path("metrics");
        return Arrays.asList(read(metrics.isMissingNode() ? Json.MAPPER.createArrayNode() : metrics, MetricWithRunId[].class));
    }

    @Override
    public void close() {
        // The JDK client holds no resources that need closing on Java 17.
    }

    private static void addIfPresent(List<String> query, String key, Object value) {
        if (value != null) {
            query.addAll(List.of(key, value.toString()));
        }
    }

    private static ObjectNode body(Object... keysAndValues) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                node.set((String) keysAndValues[i], Json.MAPPER.valueToTree(keysAndValues[i + 1]));
            }
        }
        return node;
    }

    private static <T> Page<T> page(JsonNode response, String field, Class<T> type) {
        List<T> items = new ArrayList<>();
        response.path(field).forEach(node -> items.add(read(node, type)));
        String token = response.hasNonNull("next_page_token") ? response.get("next_page_token").asText() : null;
        return new Page<>(items, token == null || token.isEmpty() ? null : token);
    }

    private static <T> T read(JsonNode node, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Unexpected response from the tracking server: " + e.getMessage(), e);
        }
    }

    private JsonNode get(String endpoint, String... keysAndValues) {
        StringBuilder url = new StringBuilder(base).append(API).append(endpoint);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            url.append(i == 0 ? '?' : '&').append(encode(keysAndValues[i])).append('=').append(encode(keysAndValues[i + 1]));
        }
        return send(HttpRequest.newBuilder(URI.create(url.toString())).GET());
    }

    private JsonNode post(String endpoint, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(base + API + endpoint))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode send(HttpRequest.Builder request) {
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

    private static final Map<Integer, ErrorCode> STATUS_FALLBACK = Map.of(
            400, ErrorCode.BAD_REQUEST, 404, ErrorCode.ENDPOINT_NOT_FOUND, 401, ErrorCode.UNAUTHENTICATED,
            403, ErrorCode.PERMISSION_DENIED, 429, ErrorCode.REQUEST_LIMIT_EXCEEDED, 503, ErrorCode.TEMPORARILY_UNAVAILABLE);

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
