package dev.capstan.tracking.internal;

import dev.capstan.CapstanException;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Tag;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MLflow's limits on what a run may log, checked before anything is stored. Over-long param and run-tag values are
 * truncated to the limit, as MLflow 2.x does unless {@code MLFLOW_TRUNCATE_LONG_VALUES=false}, in which case they
 * are rejected; experiment tag values are always rejected past their limit, as in MLflow.
 */
public final class TrackingValidation {

    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_RUN_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;

    private static final boolean TRUNCATE_LONG_VALUES =
            !"false".equalsIgnoreCase(System.getenv().getOrDefault("MLFLOW_TRUNCATE_LONG_VALUES", "true"));
    private static final Pattern KEY = Pattern.compile("^[/\\w.\\- ]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");

    /** A validated logging batch, with values truncated where MLflow truncates them. */
    public record Batch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
    }

    private TrackingValidation() {
    }

    public static Batch batch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
        limit(metrics.size(), MAX_METRICS_PER_BATCH, "metrics");
        limit(params.size(), MAX_PARAMS_TAGS_PER_BATCH, "params");
        limit(tags.size(), MAX_PARAMS_TAGS_PER_BATCH, "tags");
        int total = metrics.size() + params.size() + tags.size();
        if (total > MAX_ENTITIES_PER_BATCH) {
            throw CapstanException.invalid(
                    "A batch logging request can contain at most %d metrics, params and tags in total; found %d",
                    MAX_ENTITIES_PER_BATCH, total);
        }
        metrics.forEach(TrackingValidation::metric);
        noDuplicateParamKeys(params);
        return new Batch(metrics, params.stream().map(TrackingValidation::param).toList(),
                tags.stream().map(TrackingValidation::runTag).toList());
    }

    public static void metric(Metric m) {
        key(m.key(), "metric");
        if (m.value() == null) {
            throw CapstanException.invalid("Missing value for required parameter 'value' of metric '%s'", m.key());
        }
        if (m.timestamp() == null) {
            throw CapstanException.invalid("Missing value for required parameter 'timestamp' of metric '%s'", m.key());
        }
    }

    public static Param param(Param p) {
        key(p.key(), "param");
        if (p.value() == null) {
            throw CapstanException.invalid("Missing value for required parameter 'value' of param '%s'", p.key());
        }
        return new Param(p.key(), truncated(p.value(), MAX_PARAM_VALUE_LENGTH, "Param value of '" + p.key() + "'"));
    }

    public static Tag runTag(Tag t) {
        key(t.key(), "tag");
        return t.value() == null ? t
                : new Tag(t.key(), truncated(t.value(), MAX_RUN_TAG_VALUE_LENGTH, "Tag value of '" + t.key() + "'"));
    }

    public static Tag experimentTag(Tag t) {
        key(t.key(), "tag");
        if (t.value() != null) {
            length(t.value(), MAX_EXPERIMENT_TAG_VALUE_LENGTH, "Experiment tag value of '" + t.key() + "'");
        }
        return t;
    }

    /** A metric, param or tag key: MLflow's character set, at most 250 characters, and a normalised path. */
    public static void key(String key, String what) {
        required(key, what + " key");
        if (!KEY.matcher(key).matches()) {
            throw CapstanException.invalid("Invalid %s name: '%s'. Names may only contain alphanumerics, underscores (_), "
                    + "dashes (-), periods (.), spaces ( ), and slashes (/).", what, key);
        }
        if (!isNormalisedPath(key)) {
            throw CapstanException.invalid("Invalid %s name: '%s'. Names cannot contain '..', start with '/' or './', "
                    + "or contain empty or '.' segments.", what, key);
        }
        length(key, MAX_KEY_LENGTH, what + " key");
    }

    public static String runId(String runId) {
        required(runId, "run_id");
        if (!RUN_ID.matcher(runId).matches()) {
            throw CapstanException.invalid("Invalid run ID: '%s'", runId);
        }
        return runId;
    }

    /** An experiment id as stored; ids that are not integers name no experiment (404, as in MLflow). */
    public static long experimentId(String experimentId) {
        required(experimentId, "experiment_id");
        try {
            return Long.parseLong(experimentId.trim());
        } catch (NumberFormatException e) {
            throw CapstanException.notFound("No Experiment with id=%s exists (experiment ids are integers)", experimentId);
        }
    }

    public static void experimentName(String name) {
        if (name == null || name.isBlank()) {
            throw CapstanException.invalid("Invalid experiment name: '%s'. Expected a non-empty string", name);
        }
        length(name, MAX_EXPERIMENT_NAME_LENGTH, "Experiment name");
    }

    public static void required(Object value, String name) {
        if (value == null || value instanceof String s && s.isEmpty()) {
            throw CapstanException.invalid("Missing value for required parameter '%s'", name);
        }
    }

    private static void noDuplicateParamKeys(List<Param> params) {
        Set<String> seen = new HashSet<>();
        for (Param p : params) {
            if (!seen.add(p.key())) {
                throw CapstanException.invalid("Duplicate parameter keys have been submitted: ['%s']", p.key());
            }
        }
    }

    private static void limit(int size, int max, String what) {
        if (size > max) {
            throw CapstanException.invalid("A batch logging request can contain at most %d %s; found %d", max, what, size);
        }
    }

    private static String truncated(String value, int max, String what) {
        if (value.length() <= max || !TRUNCATE_LONG_VALUES) {
            length(value, max, what);
            return value;
        }
        return value.substring(0, max);
    }

    private static void length(String value, int max, String what) {
        if (value.length() > max) {
            throw CapstanException.invalid("%s exceeds the maximum length of %d characters (found %d)",
                    what, max, value.length());
        }
    }

    private static boolean isNormalisedPath(String key) {
        if (key.startsWith("/") || key.endsWith("/") && key.length() > 1) {
            return false;
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || (segment.isEmpty() && key.contains("/"))) {
                return false;
            }
        }
        return true;
    }
}
