package dev.capstan.server.tracking;

import dev.capstan.server.internal.ApiRequests;
import dev.capstan.server.internal.Responses;
import dev.capstan.tracking.ExperimentQuery;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;

import static dev.capstan.server.tracking.TrackingRequests.*;

/**
 * MLflow's tracking REST API ({@code experiments/*}, {@code runs/*}, {@code metrics/*}), mounted under a prefix such
 * as {@code /api/2.0/mlflow/}. A thin shell: each endpoint reads its request record and calls the store.
 */
public final class TrackingRoutes {

    private final TrackingStore store;
    private final RunArtifacts artifacts;

    public TrackingRoutes(TrackingStore store, RunArtifacts artifacts) {
        this.store = store;
        this.artifacts = artifacts;
    }

    public void mount(Router router, String prefix) {
        get(router, prefix + "experiments/get", ExperimentRef.class, r -> Map.of("experiment", store.getExperiment(r.experimentId())));
        get(router, prefix + "experiments/get-by-name", GetExperimentByName.class,
                r -> Map.of("experiment", store.getExperimentByName(r.experimentName())));
        get(router, prefix + "experiments/list", SearchExperiments.class, r -> page("experiments", searchExperiments(r)));
        both(router, prefix + "experiments/search", SearchExperiments.class, r -> page("experiments", searchExperiments(r)));
        post(router, prefix + "experiments/create", CreateExperiment.class,
                r -> Map.of("experiment_id", store.createExperiment(r.name(), r.artifactLocation(), r.tags())));
        action(router, prefix + "experiments/update", UpdateExperiment.class,
                r -> store.renameExperiment(r.experimentId(), r.newName()));
        action(router, prefix + "experiments/delete", ExperimentRef.class,
                r -> store.deleteExperiment(r.experimentId()));
        action(router, prefix + "experiments/restore", ExperimentRef.class,
                r -> store.restoreExperiment(r.experimentId()));
        action(router, prefix + "experiments/set-experiment-tag", ExperimentTagRequest.class,
                r -> store.setExperimentTag(r.experimentId(), new Tag(r.key(), r.value())));
        action(router, prefix + "experiments/delete-experiment-tag", ExperimentTagRequest.class,
                r -> store.deleteExperimentTag(r.experimentId(), r.key()));
        mountRuns(router, prefix);
        mountMetrics(router, prefix);
        get(router, prefix + "artifacts/list", ListArtifacts.class, r -> artifacts.list(r.id(), r.path()));
    }

    private void mountRuns(Router router, String prefix) {
        post(router, prefix + "runs/create", NewRun.class, r -> Map.of("run", store.createRun(r)));
        get(router, prefix + "runs/get", RunRef.class, r -> Map.of("run", store.getRun(r.id())));
        post(router, prefix + "runs/update", UpdateRun.class,
                r -> Map.of("run_info", store.updateRun(r.id(), r.status(), r.endTime(), r.runName())));
        action(router, prefix + "runs/delete", RunRef.class, r -> store.deleteRun(r.id()));
        action(router, prefix + "runs/restore", RunRef.class, r -> store.restoreRun(r.id()));
        post(router, prefix + "runs/search", RunQuery.class, r -> page("runs", store.searchRuns(r)));
        action(router, prefix + "runs/set-tag", RunTagRequest.class,
                r -> store.setTag(r.id(), new Tag(r.key(), r.value())));
        action(router, prefix + "runs/delete-tag", RunTagRequest.class, r -> store.deleteTag(r.id(), r.key()));
        action(router, prefix + "runs/log-metric", LogMetric.class,
                r -> store.logMetric(r.id(), new Metric(r.key(), r.value(), r.timestamp(), r.step())));
        action(router, prefix + "runs/log-parameter", LogParam.class,
                r -> store.logParam(r.id(), new Param(r.key(), r.value())));
        action(router, prefix + "runs/log-batch", LogBatch.class,
                r -> store.logBatch(r.runId(), r.metrics(), r.params(), r.tags()));
        action(router, prefix + "runs/log-inputs", LogInputs.class, r -> store.logInputs(r.runId(), r.datasets()));
        action(router, prefix + "runs/log-model", LogModel.class, r -> store.logModel(r.runId(), r.modelJson()));
    }

    private void mountMetrics(Router router, String prefix) {
        get(router, prefix + "metrics/get-history", GetMetricHistory.class,
                r -> page("metrics", store.getMetricHistory(r.id(), r.metricKey(), r.maxResults(), r.pageToken())));
        get(router, prefix + "metrics/get-history-bulk-interval", GetMetricHistoryBulkInterval.class,
                r -> Map.of("metrics", store.getMetricHistoryBulkInterval(r.runIds(), r.metricKey(), r.startStep(),
                        r.endStep(), r.maxResults())));
    }

    private Page<?> searchExperiments(SearchExperiments r) {
        return store.searchExperiments(new ExperimentQuery(r.viewType() == null ? ViewType.ACTIVE_ONLY : r.viewType(),
                r.maxResults(), r.filter(), r.orderBy() == null ? List.of() : r.orderBy(), r.pageToken()));
    }

    static Map<String, Object> page(String field, Page<?> page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(field, page.items());
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
        return body;
    }

    private static <T extends Record> void get(Router router, String path, Class<T> type, Function<T, ?> handler) {
        route(router, HttpMethod.GET, path, type, handler);
    }

    private static <T extends Record> void post(Router router, String path, Class<T> type, Function<T, ?> handler) {
        route(router, HttpMethod.POST, path, type, handler);
    }

    /** A POST endpoint that changes state and answers {@code {}}. */
    private static <T extends Record> void action(Router router, String path, Class<T> type, Consumer<T> handler) {
        post(router, path, type, r -> {
            handler.accept(r);
            return null;
        });
    }

    private static <T extends Record> void both(Router router, String path, Class<T> type, Function<T, ?> handler) {
        get(router, path, type, handler);
        post(router, path, type, handler);
    }

    private static <T extends Record> void route(Router router, HttpMethod method, String path, Class<T> type,
                                                 Function<T, ?> handler) {
        router.route(method, path).handler(ctx -> Responses.blocking(ctx, call(ctx, type, handler)));
    }

    private static <T extends Record> Callable<?> call(RoutingContext ctx, Class<T> type, Function<T, ?> handler) {
        return () -> handler.apply(ApiRequests.read(ctx, type));
    }
}
