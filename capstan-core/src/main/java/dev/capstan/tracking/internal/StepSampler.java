package dev.capstan.tracking.internal;

import dev.capstan.tracking.MetricWithRunId;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Samples a metric's history for charts: at most {@code maxResults} distinct steps, spread evenly over the
 * requested interval and always including its first and last step, with every point logged at those steps.
 */
final class StepSampler {

    private StepSampler() {
    }

    static List<MetricWithRunId> sample(Handle h, String runId, String key, Long startStep, Long endStep, int maxResults) {
        long from = startStep == null ? Long.MIN_VALUE : startStep;
        long to = endStep == null ? Long.MAX_VALUE : endStep;
        List<Long> steps = h.createQuery("SELECT DISTINCT step FROM metrics WHERE run_uuid = :run AND key = :key "
                        + "AND step >= :from AND step <= :to ORDER BY step")
                .bind("run", runId).bind("key", key).bind("from", from).bind("to", to).mapTo(Long.class).list();
        TreeSet<Long> chosen = choose(steps, maxResults);
        if (chosen.isEmpty()) {
            return List.of();
        }
        List<MetricWithRunId> points = new ArrayList<>();
        h.createQuery("SELECT key, value, is_nan, timestamp, step FROM metrics WHERE run_uuid = :run AND key = :key "
                        + "AND step >= :from AND step <= :to ORDER BY step, timestamp, value")
                .bind("run", runId).bind("key", key).bind("from", chosen.first()).bind("to", chosen.last())
                .map((rs, ctx) -> Rows.metric(rs)).forEach(m -> {
                    if (chosen.contains(m.step())) {
                        points.add(new MetricWithRunId(m.key(), m.value(), m.timestamp(), m.step(), runId));
                    }
                });
        return points;
    }

    static TreeSet<Long> choose(List<Long> steps, int maxResults) {
        TreeSet<Long> chosen = new TreeSet<>();
        int n = steps.size();
        if (n <= maxResults) {
            chosen.addAll(steps);
            return chosen;
        }
        for (int i = 0; i < maxResults; i++) {
            chosen.add(steps.get((int) Math.round((double) i * (n - 1) / (maxResults - 1))));
        }
        return chosen;
    }
}
