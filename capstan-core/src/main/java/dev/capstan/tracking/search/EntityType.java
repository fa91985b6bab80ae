package dev.capstan.tracking.search;

import dev.capstan.CapstanException;

import java.util.Locale;
import java.util.Map;

/** What a search key refers to, with the prefixes MLflow accepts for each (e.g. {@code metric.} or {@code metrics.}). */
public enum EntityType {
    METRIC, PARAM, TAG, ATTRIBUTE, DATASET;

    private static final Map<String, EntityType> PREFIXES = Map.ofEntries(
            Map.entry("metric", METRIC), Map.entry("metrics", METRIC),
            Map.entry("param", PARAM), Map.entry("params", PARAM),
            Map.entry("parameter", PARAM), Map.entry("parameters", PARAM),
            Map.entry("tag", TAG), Map.entry("tags", TAG),
            Map.entry("attribute", ATTRIBUTE), Map.entry("attributes", ATTRIBUTE),
            Map.entry("attr", ATTRIBUTE), Map.entry("run", ATTRIBUTE),
            Map.entry("dataset", DATASET), Map.entry("datasets", DATASET));

    /** The entity a prefix names, or {@code null} when the word is not a prefix. */
    static EntityType ofPrefix(String prefix) {
        return PREFIXES.get(prefix.toLowerCase(Locale.ROOT));
    }

    static CapstanException unknownPrefix(String identifier) {
        return CapstanException.invalid(
                "Invalid identifier '%s': expected 'metrics.<key>', 'params.<key>', 'tags.<key>', "
                        + "'attributes.<key>' or 'datasets.<key>'", identifier);
    }
}
