package dev.capstan.tracking;

/** A metric point and the run it belongs to, as returned when sampling several runs at once. */
public record MetricWithRunId(String key, double value, long timestamp, long step, String runId) {
}
