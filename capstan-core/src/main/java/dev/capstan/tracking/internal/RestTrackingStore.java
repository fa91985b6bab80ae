package dev.capstan.tracking.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.store.internal.MlflowHttp;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.capstan.store.internal.MlflowHttp.body;
import static dev.capstan.store.internal.MlflowHttp.page;
import static dev.capstan.store.internal.MlflowHttp.read;

/**
 * The tracking store of a remote Capstan or MLflow server, through the MLflow REST API. Server errors come back as
 * the same {@link CapstanException} classes the SQL store throws. Thread-safe.
 */
public final class RestTrackingStore implements TrackingStore {

    private final MlflowHttp http;

    public RestTrackingStore(String uri) {
        this.http = new MlflowHttp(uri);
    }

    @Override
    public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
        return http.post("experiments/create", body("name", name, "artifact_location", artifactLocation, "tags", tags))
                .path("experiment_id").asText();
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        return read(http.get("experiments/get", "experiment_id", experimentId).path("experiment"), Experiment.class);
    }

    @Override
    public Experiment getExperimentByName(String name) {
        return read(http.get("experiments/get-by-name", "experiment_name", name).path("experiment"), Experiment.class);
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentQuery query) {
        JsonNode response = http.post("experiments/search", body("view_type", query.viewType(), "max_results",
                query.maxResults(), "filter", query.filter(), "order_by", query.orderBy(), "page_token", query.pageToken()));
        return page(response, "experiments", Experiment.class);
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        http.post("experiments/update", body("experiment_id", experimentId, "new_name", newName));
    }

    @Override
    public void deleteExperiment(String experimentId) {
        http.post("experiments/delete", body("experiment_id", experimentId));
    }

    @Override
    public void restoreExperiment(String experimentId) {
        http.post("experiments/restore", body("experiment_id", experimentId));
    }

    @Override
    public void setExperimentTag(String experimentId, Tag tag) {
        http.post("experiments/set-experiment-tag", body("experiment_id", experimentId, "key", tag.key(), "value", tag.value()));
    }

    @Override
    public void deleteExperimentTag(String experimentId, String key) {
        http.post("experiments/delete-experiment-tag", body("experiment_id", experimentId, "key", key));
    }

    @Override
    public Run createRun(NewRun run) {
        return read(http.post("runs/create", Json.MAPPER.valueToTree(run)).path("run"), Run.class);
    }

    @Override
    public Run getRun(String runId) {
        return read(http.get("runs/get", "run_id", runId).path("run"), Run.class);
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        JsonNode response = http.post("runs/update", body("run_id", runId, "status", status, "end_time", endTime,
                "run_name", runName));
        return read(response.path("run_info"), RunInfo.class);
    }

    @Override
    public void deleteRun(String runId) {
        http.post("runs/delete", body("run_id", runId));
    }

    @Override
    public void restoreRun(String runId) {
        http.post("runs/restore", body("run_id", runId));
    }

    @Override
    public Page<Run> searchRuns(RunQuery query) {
        return page(http.post("runs/search", Json.MAPPER.valueToTree(query)), "runs", Run.class);
    }

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        http.post("runs/log-batch", body("run_id", runId, "metrics", metrics, "params", params, "tags", tags));
    }

    @Override
    public void deleteTag(String runId, String key) {
        http.post("runs/delete-tag", body("run_id", runId, "key", key));
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> datasets) {
        http.post("runs/log-inputs", body("run_id", runId, "datasets", datasets));
    }

    @Override
    public void logModel(String runId, String modelJson) {
        http.post("runs/log-model", body("run_id", runId, "model_json", modelJson));
    }

    @Override
    public Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        List<String> query = new ArrayList<>(List.of("run_id", runId, "metric_key", metricKey));
        addIfPresent(query, "max_results", maxResults);
        addIfPresent(query, "page_token", pageToken);
        return page(http.get("metrics/get-history", query.toArray(String[]::new)), "metrics", Metric.class);
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
        JsonNode metrics = http.get("metrics/get-history-bulk-interval", query.toArray(String[]::new)).path("metrics");
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
}
