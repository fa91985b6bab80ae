package dev.capstan.server.tracking;

import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.ViewType;

import java.util.List;

/** The request messages of MLflow's tracking service (service.proto), as records; fields are snake_case on the wire. */
final class TrackingRequests {

    private TrackingRequests() {
    }

    record CreateExperiment(String name, String artifactLocation, List<Tag> tags) {
    }

    record ExperimentRef(String experimentId) {
    }

    record GetExperimentByName(String experimentName) {
    }

    record SearchExperiments(Integer maxResults, String pageToken, String filter, List<String> orderBy,
                             ViewType viewType) {
    }

    record UpdateExperiment(String experimentId, String newName) {
    }

    record ExperimentTagRequest(String experimentId, String key, String value) {
    }

    /** Runs are named by {@code run_id}, or {@code run_uuid} by older clients. */
    record RunRef(String runId, String runUuid) {
        String id() {
            return runId != null && !runId.isEmpty() ? runId : runUuid;
        }
    }

    record UpdateRun(String runId, String runUuid, RunStatus status, Long endTime, String runName) {
        String id() {
            return new RunRef(runId, runUuid).id();
        }
    }

    record RunTagRequest(String runId, String runUuid, String key, String value) {
        String id() {
            return new RunRef(runId, runUuid).id();
        }
    }

    record LogMetric(String runId, String runUuid, String key, Double value, Long timestamp, Long step) {
        String id() {
            return new RunRef(runId, runUuid).id();
        }
    }

    record LogParam(String runId, String runUuid, String key, String value) {
        String id() {
            return new RunRef(runId, runUuid).id();
        }
    }

    record LogBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    }

    record LogInputs(String runId, List<DatasetInput> datasets) {
    }

    record LogModel(String runId, String modelJson) {
    }

    record GetMetricHistory(String runId, String runUuid, String metricKey, String pageToken, Integer maxResults) {
        String id() {
            return new RunRef(runId, runUuid).id();
        }
    }

    record GetMetricHistoryBulkInterval(List<String> runIds, String metricKey, Long startStep, Long endStep,
                                        Integer maxResults) {
    }

    record ListArtifacts(String runId, String runUuid, String path) {
        String id() {
            return new RunRef(runId, runUuid).id();
        }
    }
}
