package dev.capstan.tracking;

/** A run's metadata. {@code runUuid} repeats {@code runId} for older MLflow clients. */
public record RunInfo(
        String runId,
        String runUuid,
        String runName,
        String experimentId,
        String userId,
        RunStatus status,
        Long startTime,
        Long endTime,
        String artifactUri,
        String lifecycleStage) {
}
