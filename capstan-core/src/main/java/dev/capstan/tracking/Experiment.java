package dev.capstan.tracking;

import java.util.List;

/** An experiment: a named group of runs with a root location for their artifacts. */
public record Experiment(
        String experimentId,
        String name,
        String artifactLocation,
        String lifecycleStage,
        Long lastUpdateTime,
        Long creationTime,
        List<Tag> tags) {

    /** The experiment every run without one goes to; it always exists. */
    public static final String DEFAULT_ID = "0";
    public static final String DEFAULT_NAME = "Default";
}
