package dev.capstan.server.tracking;

import dev.capstan.server.internal.Endpoints;
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

import java.util.List;
import java.util.Map;

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
        Endpoints api = new Endpoints(router);
        api.get(prefix + "experiments/get", ExperimentRef.class, r -> Map.of("experiment", store.getExperiment(r.experimentId())));
        api.get(prefix + "experiments/get-by-name", GetExperimentByName.class,
                r -> Map.of("experiment", store.getExperimentByName(r.experimentName())));
        api.get(prefix + "experiments/list", SearchExperiments.class, r -> Responses.page("experiments", searchExperiments(r)));
        api.get(prefix + "experiments/search", SearchExperiments.class, r -> Responses.page("experiments", searchExperiments(r)));
        api.post(prefix + "experiments/search", SearchExperiments.class, r -> Responses.page("experiments", searchExperiments(r)));
        api.post(prefix + "experiments/create", CreateExperiment.class,
                r -> Map.of("experiment_id", store.createExperiment(r.name(), r.artifactLocation(), r.tags())));
        api.action(HttpMethod.POST, prefix + "experiments/update", UpdateExperiment.class,
                r -> store.renameExperiment(r.experimentId(), r.newName()));
        api.action(HttpMethod.POST, prefix + "experiments/delete", ExperimentRef.class,
                r -> store.deleteExperiment(r.experimentId()));
        api.action(HttpMethod.POST, prefix + "experiments/restore", ExperimentRef.class,
                r -> store.restoreExperiment(r.experimentId()));
        api.action(HttpMethod.POST, prefix + "experiments/set-experiment-tag", ExperimentTagRequest.class,
                r -> store.setExperimentTag(r.experimentId(), new Tag(r.key(), r.value())));
        api.action(HttpMethod.POST, prefix + "experiments/delete-experiment-tag", ExperimentTagRequest.class,
                r -> store.deleteExperimentTag(r.experimentId(), r.key()));
        mountRuns(api, prefix);
        mountMetrics(api, prefix);
        api.get(prefix + "artifacts/list", ListArtifacts.class, r -> artifacts.list(r.id(), r.path()));
    }

    private void mountRuns(Endpoints api, String prefix) {
        api.post(prefix + "runs/create", NewRun.class, r -> Map.of("run", store.createRun(r)));
        api.get(prefix + "runs/get", RunRef.class, r -> Map.of("run", store.getRun(r.id())));
        api.post(prefix + "runs/update", UpdateRun.class,
                r -> Map.of("run_info", store.updateRun(r.id(), r.status(), r.endTime(), r.runName())));
        api.action(HttpMethod.POST, prefix + "runs/delete", RunRef.class, r -> store.deleteRun(r.id()));
        api.action(HttpMethod.POST, prefix + "runs/restore", RunRef.class, r -> store.restoreRun(r.id()));
        api.post(prefix + "runs/search", RunQuery.class, r -> Responses.page("runs", store.searchRuns(r)));
        api.action(HttpMethod.POST, prefix + "runs/set-tag", RunTagRequest.class,
                r -> store.setTag(r.id(), new Tag(r.key(), r.value())));
        api.action(HttpMethod.POST, prefix + "runs/delete-tag", RunTagRequest.class, r -> store.deleteTag(r.id(), r.key()));
        api.action(HttpMethod.POST, prefix + "runs/log-metric", LogMetric.class,
                r -> store.logMetric(r.id(), new Metric(r.key(), r.value(), r.timestamp(), r.step())));
        api.action(HttpMethod.POST, prefix + "runs/log-parameter", LogParam.class,
                r -> store.logParam(r.id(), new Param(r.key(), r.value())));
        api.action(HttpMethod.POST, prefix + "runs/log-batch", LogBatch.class,
                r -> store.logBatch(r.runId(), r.metrics(), r.params(), r.tags()));
        api.action(HttpMethod.POST, prefix + "runs/log-inputs", LogInputs.class, r -> store.logInputs(r.runId(), r.datasets()));
        api.action(HttpMethod.POST, prefix + "runs/log-model", LogModel.class, r -> store.logModel(r.runId(), r.modelJson()));
    }

    private void mountMetrics(Endpoints api, String prefix) {
        api.get(prefix + "metrics/get-history", GetMetricHistory.class,
                r -> Responses.page("metrics", store.getMetricHistory(r.id(), r.metricKey(), r.maxResults(), r.pageToken())));
        api.get(prefix + "metrics/get-history-bulk-interval", GetMetricHistoryBulkInterval.class,
                r -> Map.of("metrics", store.getMetricHistoryBulkInterval(r.runIds(), r.metricKey(), r.startStep(),
                        r.endStep(), r.maxResults())));
    }

    private Page<?> searchExperiments(SearchExperiments r) {
        return store.searchExperiments(new ExperimentQuery(r.viewType() == null ? ViewType.ACTIVE_ONLY : r.viewType(),
                r.maxResults(), r.filter(), r.orderBy() == null ? List.of() : r.orderBy(), r.pageToken()));
    }

}
