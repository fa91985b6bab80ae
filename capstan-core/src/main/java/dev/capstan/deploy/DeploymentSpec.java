package dev.capstan.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.capstan.CapstanException;
import dev.capstan.YamlFields;
import dev.capstan.pipeline.Durations;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A declared deployment, as written in a deployment file (YAML or JSON):
 * <pre>
 * name: churn                        # the served name: /v2/models/churn/infer
 * strategy: canary                   # single | blue-green | canary | shadow | ab | progressive
 * primary: models:/churn@champion
 * candidate: models:/churn/4
 * weight: 10                         # the candidate's share (shadow: the mirrored share), 0-100
 * sticky_key: header:X-User-Id       # ab: header:NAME or field:NAME
 * metric: accuracy                   # ab: what feedback measures, see {@link #METRICS}
 * rollout: {...}                     # progressive: see {@link Rollout}
 * </pre>
 */
public record DeploymentSpec(String name, Strategy strategy, String primary, String candidate, int weight,
                             String stickyKey, String metric, Rollout rollout) {

    /**
     * What A/B feedback measures: {@code accuracy} (the true label against the predicted one; two-proportion
     * z-test), {@code conversion} (a 0/1 outcome; z-test), {@code value} (a number such as revenue; Welch t-test),
     * {@code absolute_error} (the true value against the predicted one; Welch t-test).
     */
    public static final List<String> METRICS = List.of("accuracy", "conversion", "value",
            "absolute_error");

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> FIELDS = Set.of("name", "strategy", "primary", "candidate", "weight",
            "sticky_key", "metric", "rollout");

    /**
     * A progressive rollout: steps, analysed every {@code interval} over the candidate's requests since the last
     * analysis; more than {@code failureLimit} failed analyses roll it back. An analysis with fewer than
     * {@code minRequests} candidate requests is inconclusive and the rollout waits.
     *
     * @param maxErrorRate  the candidate's largest share of non-2xx answers, or null
     * @param maxP99Millis  the candidate's largest 99th-percentile latency, or null
     * @param maxDivergence the largest share of the candidate's answers that differ from the primary's, or null
     * @param maxPredictionPsi the largest population stability index of the candidate's predictions against the
     *                      primary's in the same interval (prediction drift), or null
     * @param promoteAlias  the registry alias moved to the candidate's version on success, or null
     */
    public record Rollout(List<Step> steps, Duration interval, int failureLimit, int minRequests, Double maxErrorRate,
                          Double maxP99Millis, Double maxDivergence, Double maxPredictionPsi, String promoteAlias) {

        private static final Set<String> FIELDS = Set.of("steps", "interval", "failure_limit", "min_requests",
                "max_error_rate", "max_p99_ms", "max_divergence", "max_prediction_psi", "promote_alias");

        /** The same rollout, moving {@code alias} once it completes. */
        public Rollout withPromoteAlias(String alias) {
            return new Rollout(steps, interval, failureLimit, minRequests, maxErrorRate, maxP99Millis, maxDivergence,
                    maxPredictionPsi, alias);
        }
    }

    /**
     * One rollout step: set the weight, or pause for a duration, or pause until promoted by hand ({@code manual}).
     *
     * @param weight the weight to set, or null for a pause
     * @param pause  how long to pause, or null; {@link Duration#ZERO} with {@code manual}
     * @param manual whether the pause lasts until promoted by hand
     */
    public record Step(Integer weight, Duration pause, boolean manual) {
    }

    /** Reads a deployment file's text; {@code source} names it in errors. */
    public static DeploymentSpec parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw CapstanException.invalid("%s is not valid YAML or JSON: %s", source, e.getMessage().lines()
                    .findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw CapstanException.invalid("%s: expected a mapping with name, strategy, primary, ...", source);
        }
        return fromTree(root, source);
    }

    /** Reads the tree of a deployment file (or of {@link #toMap}). */
    public static DeploymentSpec fromTree(JsonNode root, String source) {
        YamlFields.of(root, source, "", FIELDS);
        String name = text(root, "name", true, source);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
            throw CapstanException.invalid("%s: name must be letters, digits, '.', '_' or '-' (at most 128), found '%s'",
                    source, name);
        }
        String strategyName = text(root, "strategy", true, source);
        Strategy strategy = Strategy.fromWireName(strategyName).orElseThrow(() -> CapstanException.invalid(
                "%s: strategy: expected one of %s, found '%s'", source, Strategy.wireNames(), strategyName));
        String primary = text(root, "primary", true, source);
        String candidate = text(root, "candidate", false, source);
        if (strategy == Strategy.SINGLE && candidate != null) {
            throw CapstanException.invalid("%s: strategy single takes no candidate, found '%s'", source, candidate);
        }
        if (strategy != Strategy.SINGLE && candidate == null) {
            throw CapstanException.invalid("%s: strategy %s needs a candidate model", source, strategy.wireName());
        }
        int weight = percent(root.get("weight"), defaultWeight(strategy), source + ": weight");
        String sticky = text(root, "sticky_key", false, source);
        if (strategy == Strategy.AB && (sticky == null || !sticky.matches("(header|field):.+"))) {
            throw CapstanException.invalid("%s: strategy ab needs sticky_key: header:NAME or field:NAME, found %s",
                    source, sticky);
        }
        String metric = text(root, "metric", false, source);
        if (metric != null && !METRICS.contains(metric)) {
            throw CapstanException.invalid("%s: metric: expected one of %s, found '%s'", source, METRICS, metric);
        }
        if (strategy == Strategy.AB && metric == null) {
            metric = "accuracy";
        }
        Rollout rollout = root.has("rollout") ? rollout(root.get("rollout"), source) : null;
        if (strategy == Strategy.PROGRESSIVE && rollout == null) {
            throw CapstanException.invalid("%s: strategy progressive needs rollout: {steps: [...], ...}", source);
        }
        return new DeploymentSpec(name, strategy, primary, candidate, weight, sticky, metric, rollout);
    }

    private static int defaultWeight(Strategy strategy) {
        return switch (strategy) {
            case SHADOW -> 100;
            case AB -> 50;
            default -> 0;
        };
    }

    /** A {@code rollout} mapping; errors name {@code source}, the file it came from. */
    public static Rollout rollout(JsonNode node, String source) {
        String where = source + ": rollout";
        if (!node.isObject()) {
            throw CapstanException.invalid("%s: expected a mapping, found %s", where, node.getNodeType());
        }
        YamlFields.of(node, source, "rollout.", Rollout.FIELDS);
        JsonNode steps = node.get("steps");
        if (steps == null || !steps.isArray() || steps.isEmpty()) {
            throw CapstanException.invalid("%s.steps: expected a non-empty list of {weight: N} or {pause: 30s|manual}",
                    where);
        }
        List<Step> parsed = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            parsed.add(step(steps.get(i), where + ".steps[" + i + "]"));
        }
        Duration interval = duration(node.get("interval"), Duration.ofSeconds(10), where + ".interval");
        return new Rollout(parsed, interval, count(node.get("failure_limit"), 0, where + ".failure_limit"),
                count(node.get("min_requests"), 10, where + ".min_requests"),
                number(node.get("max_error_rate"), where + ".max_error_rate"),
                number(node.get("max_p99_ms"), where + ".max_p99_ms"),
                number(node.get("max_divergence"), where + ".max_divergence"),
                number(node.get("max_prediction_psi"), where + ".max_prediction_psi"),
                node.hasNonNull("promote_alias") ? node.get("promote_alias").asText() : null);
    }

    private static Step step(JsonNode node, String where) {
        if (!node.isObject() || node.size() != 1 || !(node.has("weight") || node.has("pause"))) {
            throw CapstanException.invalid("%s: expected {weight: 0-100} or {pause: 30s|manual}, found %s", where,
                    node);
        }
        if (node.has("weight")) {
            return new Step(percent(node.get("weight"), 0, where + ".weight"), null, false);
        }
        JsonNode pause = node.get("pause");
        if (pause.isTextual() && pause.asText().equals("manual")) {
            return new Step(null, Duration.ZERO, true);
        }
        return new Step(null, duration(pause, null, where + ".pause"), false);
    }

    /** The spec as the tree {@link #fromTree} reads, for storage and for the REST API. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("strategy", strategy.wireName());
        map.put("primary", primary);
        if (candidate != null) {
            map.put("candidate", candidate);
        }
        map.put("weight", weight);
        if (stickyKey != null) {
            map.put("sticky_key", stickyKey);
        }
        if (metric != null) {
            map.put("metric", metric);
        }
        if (rollout != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            List<Object> steps = new ArrayList<>();
            for (Step s : rollout.steps()) {
                steps.add(s.weight() != null ? Map.of("weight", s.weight())
                        : Map.of("pause", s.manual() ? "manual" : s.pause().toMillis() + "ms"));
            }
            r.put("steps", steps);
            r.put("interval", rollout.interval().toMillis() + "ms");
            r.put("failure_limit", rollout.failureLimit());
            r.put("min_requests", rollout.minRequests());
            putIfSet(r, "max_error_rate", rollout.maxErrorRate());
            putIfSet(r, "max_p99_ms", rollout.maxP99Millis());
            putIfSet(r, "max_divergence", rollout.maxDivergence());
            putIfSet(r, "max_prediction_psi", rollout.maxPredictionPsi());
            putIfSet(r, "promote_alias", rollout.promoteAlias());
            map.put("rollout", r);
        }
        return map;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static String text(JsonNode root, String field, boolean required, String source) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw CapstanException.invalid("%s: '%s' is required", source, field);
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw CapstanException.invalid("%s: '%s' must be a non-empty string, found %s", source, field, v);
        }
        return v.asText();
    }

    private static int percent(JsonNode v, int fallback, String where) {
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || v.asInt() < 0 || v.asInt() > 100) {
            throw CapstanException.invalid("%s: expected an integer from 0 to 100, found %s", where, v);
        }
        return v.asInt();
    }

    private static int count(JsonNode v, int fallback, String where) {
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || v.asInt() < 0) {
            throw CapstanException.invalid("%s: expected a non-negative integer, found %s", where, v);
        }
        return v.asInt();
    }

    private static Double number(JsonNode v, String where) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || v.asDouble() < 0) {
            throw CapstanException.invalid("%s: expected a non-negative number, found %s", where, v);
        }
        return v.asDouble();
    }

    private static Duration duration(JsonNode v, Duration fallback, String where) {
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw CapstanException.invalid("%s: expected a duration such as 30s, 5m or 500ms", where);
            }
            return fallback;
        }
        return Durations.parse(v.asText()).orElseThrow(() -> CapstanException.invalid(
                "%s: expected a duration such as 30s, 5m or 500ms, found %s", where, v));
    }
}
