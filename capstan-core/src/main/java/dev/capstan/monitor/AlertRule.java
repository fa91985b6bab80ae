package dev.capstan.monitor;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A condition that raises an alert for a served model version.
 *
 * @param name      unique among the rules; names the alert
 * @param kind      what is watched
 * @param threshold the kind's limit (see {@link Kind})
 * @param severity  {@code warning} or {@code critical}
 * @param column    for {@link Kind#FEATURE_DRIFT}: the one column watched, or null for every column
 */
public record AlertRule(String name, Kind kind, double threshold, Severity severity, String column) {

    /** What a rule watches, and what its threshold means. */
    public enum Kind {
        /** The share of drifted input columns is at least the threshold. */
        DATASET_DRIFT(0.5, Severity.CRITICAL),
        /** A column drifted by its own test; the threshold is unused. */
        FEATURE_DRIFT(0, Severity.WARNING),
        /** The window's accuracy is lower than the version's baseline accuracy by more than the threshold. */
        ACCURACY_DROP(0.05, Severity.CRITICAL),
        /** The window's 99th-percentile latency exceeds the threshold times the version's baseline p99. */
        LATENCY_P99(1.5, Severity.WARNING),
        /** The share of failed requests (non-2xx) exceeds the threshold. */
        ERROR_RATE(0.01, Severity.CRITICAL),
        /** The mean prediction moved from the reference's by more than the threshold (relative). */
        PREDICTION_SHIFT(0.2, Severity.WARNING);

        private final double defaultThreshold;
        private final Severity defaultSeverity;

        Kind(double defaultThreshold, Severity defaultSeverity) {
            this.defaultThreshold = defaultThreshold;
            this.defaultSeverity = defaultSeverity;
        }

        public double defaultThreshold() {
            return defaultThreshold;
        }

        public Severity defaultSeverity() {
            return defaultSeverity;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromWireName(String name) {
            return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
        }
    }

    /** How urgent an alert is. */
    public enum Severity {
        WARNING, CRITICAL;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One rule of each kind at its default threshold and severity. */
    public static List<AlertRule> defaults() {
        return Arrays.stream(Kind.values()).map(k -> new AlertRule(k.wireName(), k, k.defaultThreshold(),
                k.defaultSeverity(), null)).toList();
    }
}
