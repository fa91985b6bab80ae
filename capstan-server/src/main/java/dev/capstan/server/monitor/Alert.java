package dev.capstan.server.monitor;

import dev.capstan.monitor.AlertRule;

/**
 * An alert as sinks receive it: a rule started firing (or fires again after its cooldown), or stopped.
 *
 * @param status  {@code firing} or {@code resolved}
 * @param subject the column a feature-drift alert is about, or null
 * @param value   the watched value at the evaluation
 */
public record Alert(String status, String rule, String kind, String severity, String model, String version,
                    String subject, double value, double threshold, String message, String time) {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    static Alert of(String status, AlertRule rule, ModelHealth health, String subject, double value,
                    double threshold, String message) {
        return new Alert(status, rule.name(), rule.kind().wireName(), rule.severity().wireName(), health.model(),
                health.version(), subject, value, threshold, message,
                java.time.Instant.ofEpochMilli(health.timeMillis()).toString());
    }

    /**
     * A notice that is not a monitored condition: a retraining's start ({@code status} {@code started}) and its
     * outcome ({@code promoted}, {@code rejected}, {@code failed}), from rule {@code retrain}.
     */
    public static Alert notice(String status, String severity, String model, String version, String message) {
        return new Alert(status, "retrain", "retrain", severity, model, version, null, Double.NaN, Double.NaN,
                message, java.time.Instant.now().toString());
    }

    /** One line: {@code [CRITICAL] firing dataset_drift: churn version 3: ...}. */
    public String line() {
        return "[" + severity.toUpperCase(java.util.Locale.ROOT) + "] " + status + " " + rule + ": " + model
                + " version " + version + ": " + message;
    }
}
