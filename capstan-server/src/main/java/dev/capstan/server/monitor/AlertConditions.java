package dev.capstan.server.monitor;

import dev.capstan.monitor.AlertRule;
import dev.capstan.monitor.ColumnDrift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The rules' conditions on a version's health: which fire, with their value and a message. */
final class AlertConditions {

    /** Fewer requests than this in an interval leave the latency and error rules unevaluated. */
    private static final int MIN_REQUESTS = 10;

    /**
     * One evaluated condition.
     *
     * @param subject the column a feature rule is about, or null
     */
    record Condition(AlertRule rule, String subject, boolean firing, double value, double threshold,
                     String message) {
    }

    private AlertConditions() {
    }

    /** The conditions that could be evaluated: a rule without enough data yields none, so its state stands. */
    static List<Condition> evaluate(List<AlertRule> rules, ModelHealth h, int minRows) {
        List<Condition> conditions = new ArrayList<>();
        for (AlertRule rule : rules) {
            switch (rule.kind()) {
                case DATASET_DRIFT -> {
                    if (h.drift() != null && !Double.isNaN(h.drift().share())) {
                        conditions.add(new Condition(rule, null, h.drift().share() >= rule.threshold(),
                                h.drift().share(), rule.threshold(), h.drift().summary()));
                    }
                }
                case FEATURE_DRIFT -> {
                    if (h.drift() != null) {
                        for (ColumnDrift c : h.drift().columns()) {
                            if ((rule.column() == null || rule.column().equals(c.column()))
                                    && c.status() != ColumnDrift.Status.NOT_ENOUGH_DATA) {
                                conditions.add(new Condition(rule, c.column(), c.drifted(), c.score(), c.threshold(),
                                        format("column %s: %s %.4f (threshold %.4f)", c.column(),
                                                c.method().wireName(), c.score(), c.threshold())));
                            }
                        }
                    }
                }
                case ACCURACY_DROP -> accuracy(rule, h, minRows, conditions);
                case LATENCY_P99 -> {
                    if (h.requests() >= MIN_REQUESTS && h.baselineP99Millis() > 0) {
                        double limit = rule.threshold() * h.baselineP99Millis();
                        conditions.add(new Condition(rule, null, h.p99Millis() > limit, h.p99Millis(), limit,
                                format("p99 latency %.1f ms > %.1f x baseline %.1f ms", h.p99Millis(),
                                        rule.threshold(), h.baselineP99Millis())));
                    }
                }
                case ERROR_RATE -> {
                    if (h.requests() >= MIN_REQUESTS) {
                        conditions.add(new Condition(rule, null, h.errorRate() > rule.threshold(), h.errorRate(),
                                rule.threshold(), format("error rate %.4f over %d requests (threshold %.4f)",
                                        h.errorRate(), h.requests(), rule.threshold())));
                    }
                }
                case PREDICTION_SHIFT -> {
                    double reference = h.referencePredictionMean();
                    if (h.status().equals(ModelHealth.OK) && Double.isFinite(h.predictionMean())
                            && Double.isFinite(reference) && reference != 0) {
                        double shift = Math.abs(h.predictionMean() - reference) / Math.abs(reference);
                        conditions.add(new Condition(rule, null, shift > rule.threshold(), shift, rule.threshold(),
                                format("mean prediction %.4f vs reference %.4f: shift %.1f%% (threshold %.1f%%)",
                                        h.predictionMean(), reference, 100 * shift, 100 * rule.threshold())));
                    }
                }
                default -> throw new IllegalStateException(rule.kind().toString());
            }
        }
        return conditions;
    }

    /**
     * A classifier's accuracy lower than its baseline by more than the threshold (absolute), or a regressor's RMSE
     * higher than its baseline by more than the threshold (relative), over at least {@code minRows} labeled rows.
     */
    private static void accuracy(AlertRule rule, ModelHealth h, int minRows, List<Condition> out) {
        Map<String, Double> now = h.performance().metrics();
        String metric = Performance.headline(now);
        Double baseline = metric == null ? null : h.baseline().get(metric);
        if (baseline == null || h.performance().labeled() < minRows) {
            return;
        }
        double current = now.get(metric);
        boolean accuracy = metric.equals("accuracy_score");
        double limit = accuracy ? baseline - rule.threshold() : baseline * (1 + rule.threshold());
        boolean firing = accuracy ? current < limit : current > limit;
        out.add(new Condition(rule, null, firing, current, limit, format("%s %.4f over %d labeled rows vs "
                + "baseline %.4f (limit %.4f)", metric, current, h.performance().labeled(), baseline, limit)));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
