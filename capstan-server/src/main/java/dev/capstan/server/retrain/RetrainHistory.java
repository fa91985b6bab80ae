package dev.capstan.server.retrain;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A model's retrainings as their audit runs record them, newest first (see {@link RetrainAudit}). */
final class RetrainHistory {

    private static final String GATE = RetrainAudit.PREFIX + "gate.";

    private final TrackingStore tracking;

    RetrainHistory(TrackingStore tracking) {
        this.tracking = tracking;
    }

    /** The runs of the model's audit experiment, newest first; none before its first retraining. */
    List<Run> runs(String model) {
        String experiment;
        try {
            experiment = tracking.getExperimentByName(Retraining.auditExperiment(model)).experimentId();
        } catch (CapstanException e) {
            if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
                return List.of();
            }
            throw e;
        }
        return tracking.searchRuns(new RunQuery(List.of(experiment), null, ViewType.ALL, 1000,
                List.of("attributes.start_time DESC"), null)).items().stream()
                .filter(r -> r.info().startTime() != null).toList();
    }

    /** When the model's retrainings started, which the cooldown and the maximum frequency count. */
    List<Instant> starts(String model) {
        return runs(model).stream().map(r -> Instant.ofEpochMilli(r.info().startTime())).toList();
    }

    /** The retrainings whose candidate is still rolling out. */
    List<Run> rollingOut(String model) {
        return runs(model).stream().filter(r -> RetrainAudit.ROLLING_OUT.equals(tags(r).get(RetrainAudit.OUTCOME)))
                .toList();
    }

    /** At most {@code limit} retrainings as the API answers them: what fired, each step, the gates, the outcome. */
    List<Map<String, Object>> entries(String model, int limit) {
        return runs(model).stream().limit(limit).map(RetrainHistory::entry).toList();
    }

    private static Map<String, Object> entry(Run run) {
        Map<String, String> tags = tags(run);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("run_id", run.info().runId());
        entry.put("started", Instant.ofEpochMilli(run.info().startTime()).toString());
        entry.put("status", run.info().status().name());
        entry.put("triggers", run.data().params().stream().filter(p -> p.value().startsWith("fired"))
                .map(p -> p.key().substring("trigger.".length())).toList());
        entry.put("production_version", tags.get(RetrainAudit.PRODUCTION));
        entry.put("candidate_version", tags.get(RetrainAudit.CANDIDATE));
        entry.put("deployment", tags.get(RetrainAudit.DEPLOYMENT));
        entry.put("step", tags.get(RetrainAudit.STEP));
        entry.put("outcome", tags.getOrDefault(RetrainAudit.OUTCOME, "running"));
        entry.put("reason", tags.get(RetrainAudit.REASON));
        entry.put("gates", tags.entrySet().stream().filter(t -> t.getKey().startsWith(GATE))
                .sorted(Comparator.comparingInt(t -> Integer.parseInt(t.getKey().substring(GATE.length()))))
                .map(Map.Entry::getValue).toList());
        Map<String, String> steps = new LinkedHashMap<>();
        for (String step : RetrainAudit.STEPS) {
            String detail = tags.get(RetrainAudit.PREFIX + "step." + step);
            if (detail != null) {
                steps.put(step, detail);
            }
        }
        entry.put("steps", steps);
        return entry;
    }

    static Map<String, String> tags(Run run) {
        return run.data().tags().stream().collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b,
                LinkedHashMap::new));
    }
}
