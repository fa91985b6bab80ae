package dev.capstan.tracking;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;

import java.util.List;

/**
 * Experiments, runs and what runs log. Implementations: the SQL store (SQLite, PostgreSQL) and the REST store
 * (a remote server); {@link TrackingStores#open} picks one by URI. Convenience methods delegate to one primitive
 * ({@link #logMetric} to {@link #logBatch}). Implementations are thread-safe.
 */
public interface TrackingStore extends AutoCloseable {

    String createExperiment(String name, String artifactLocation, List<Tag> tags);

    Experiment getExperiment(String experimentId);

    Experiment getExperimentByName(String name);

    /** The id of the experiment named {@code name}, created (with the default artifact location) when missing. */
    default String getOrCreateExperimentId(String name) {
        try {
            return getExperimentByName(name).experimentId();
        } catch (CapstanException e) {
            if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                throw e;
            }
            return createExperiment(name, null, List.of());
        }
    }

    Page<Experiment> searchExperiments(ExperimentQuery query);

    void renameExperiment(String experimentId, String newName);

    void deleteExperiment(String experimentId);

    void restoreExperiment(String experimentId);

    void setExperimentTag(String experimentId, Tag tag);

    void deleteExperimentTag(String experimentId, String key);

    Run createRun(NewRun run);

    Run getRun(String runId);

    /** Updates the fields that are not null and returns the new run info. */
    RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName);

    void deleteRun(String runId);

    void restoreRun(String runId);

    Page<Run> searchRuns(RunQuery query);

    /** The primitive every logging call goes through: all of it is stored, or none of it. */
    void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags);

    default void logMetric(String runId, Metric metric) {
        logBatch(runId, List.of(metric), List.of(), List.of());
    }

    default void logParam(String runId, Param param) {
        logBatch(runId, List.of(), List.of(param), List.of());
    }

    default void setTag(String runId, Tag tag) {
        logBatch(runId, List.of(), List.of(), List.of(tag));
    }

    void deleteTag(String runId, String key);

    void logInputs(String runId, List<DatasetInput> datasets);

    /** Appends an MLmodel description (JSON) to the run's {@code mlflow.log-model.history} tag. */
    void logModel(String runId, String modelJson);

    Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken);

    /** Samples up to {@code maxResults} steps per run, evenly over [startStep, endStep], always keeping the ends. */
    List<MetricWithRunId> getMetricHistoryBulkInterval(List<String> runIds, String metricKey, Long startStep,
                                                       Long endStep, Integer maxResults);

    @Override
    void close();
}
