package dev.capstan.server.monitor;

import dev.capstan.monitor.ColumnDrift;
import dev.capstan.monitor.DataDrift;

import java.util.Map;

/**
 * One served model version's state at one evaluation.
 *
 * @param windowRows              logged rows in the window
 * @param status                  {@code ok}; {@code not_enough_data} when the window has fewer rows than the
 *                                configured minimum (never reported as "no drift"); {@code no_reference} when the
 *                                package has no reference profile, so drift cannot be tested
 * @param drift                   the inputs' drift, null unless {@code ok}
 * @param predictionDrift         the watched prediction's drift, or null
 * @param predictionMean          the watched prediction's mean over the window, NaN when not numeric
 * @param referencePredictionMean its mean over the reference sample, NaN without one
 * @param performance             the window's rows with feedback and their metrics
 * @param baseline                the version's baseline metrics (its test scores)
 * @param requests                requests answered since the last evaluation
 * @param errorRate               their share of non-2xx answers
 * @param p99Millis               their 99th-percentile latency
 * @param baselineP99Millis       the p99 of the version's first evaluation with enough requests, NaN before it
 */
public record ModelHealth(String model, String version, long timeMillis, int windowRows, String status,
                          DataDrift drift, ColumnDrift predictionDrift, double predictionMean,
                          double referencePredictionMean, Performance performance, Map<String, Double> baseline,
                          long requests, double errorRate, double p99Millis, double baselineP99Millis) {

    public static final String OK = "ok";
    public static final String NOT_ENOUGH_DATA = "not_enough_data";
    public static final String NO_REFERENCE = "no_reference";

    /** A short line for the terminal and alerts: the drift summary, or why there is none. */
    public String summary() {
        return switch (status) {
            case OK -> drift.summary();
            case NOT_ENOUGH_DATA -> "Not enough data: " + windowRows + " rows in the window";
            default -> "No reference profile: drift is not tested";
        };
    }
}
