package dev.capstan.tracking.internal;

import dev.capstan.tracking.MetricWithRunId;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Samples metric histories of several runs for charts, as MLflow does: one set of steps for all runs, at most
 * {@code maxResults} spread evenly over the steps logged in [start, end] (by default from 0 to the last step),
 * plus every run's first and last step, so that all curves share x positions and keep their ends.
 */
final class StepSampler {

    private StepSampler() {
    }

    static List<MetricWithRunId> sample(Handle h, List<String> runIds, String key, Long startStep, Long endStep,
                                        int maxResults) {
        List<List<Long>> stepsPerRun = new ArrayList<>();
        for (String runId : runIds) {
            stepsPerRun.add(h.createQuery("SELECT DISTINCT step FROM metrics WHERE run_uuid = :run AND key = :key ORDER BY step")
                    .bind("run", runId).bind("key", key).mapTo(Long.class).list());
        }
        TreeSet<Long> steps = sampledSteps(stepsPerRun, startStep, endStep, maxResults);
        List<MetricWithRunId> points = new ArrayList<>();
        if (!steps.isEmpty()) {
            runIds.forEach(runId -> points.addAll(pointsAt(h, runId, key, steps)));
        }
        return points;
    }

    static TreeSet<Long> sampledSteps(List<List<Long>> stepsPerRun, Long startStep, Long endStep, int maxResults) {
        TreeSet<Long> all = new TreeSet<>();
        stepsPerRun.forEach(all::addAll);
        long start = startStep != null ? startStep : 0;
        long end = endStep != null ? endStep : (all.isEmpty() ? 0 : all.last());
        List<Long> inRange = new ArrayList<>(all.subSet(start, true, end, true));
        TreeSet<Long> chosen = evenly(inRange, maxResults);
        for (List<Long> run : stepsPerRun) {
            if (!run.isEmpty()) {
                addIfWithin(chosen, run.get(0), start, end);
                addIfWithin(chosen, run.get(run.size() - 1), start, end);
            }
        }
        return chosen;
    }

    private static TreeSet<Long> evenly(List<Long> steps, int maxResults) {
        TreeSet<Long> chosen = new TreeSet<>();
        int n = steps.size();
        if (n <= maxResults) {
            chosen.addAll(steps);
            return chosen;
        }
        for (int i = 0; i < maxResults; i++) {
            chosen.add(steps.get((int) Math.round((double) i * (n - 1) / Math.max(1, maxResults - 1))));
        }
        return chosen;
    }

    private static void addIfWithin(TreeSet<Long> chosen, long step, long start, long end) {
        if (step >= start && step <= end) {
            chosen.add(step);
        }
    }

    private static List<MetricWithRunId> pointsAt(Handle h, String runId, String key, TreeSet<Long> steps) {
        List<MetricWithRunId> points = new ArrayList<>();
        h.createQuery("SELECT key, value, is_nan, timestamp, step FROM metrics WHERE run_uuid = :run AND key = :key "
                        + "AND step >= :from AND step <= :to ORDER BY step, timestamp, value")
                .bind("run", runId).bind("key", key).bind("from", steps.first()).bind("to", steps.last())
                .map((rs, ctx) -> Rows.metric(rs)).forEach(m -> {
                    if (steps.contains(m.step())) {
                        points.add(new MetricWithRunId(m.key(), m.value(), m.timestamp(), m.step(), runId));
                    }
                });
        return points;
    }
}
