package dev.capstan.registry;

import dev.capstan.tracking.Tag;

import java.util.List;

/** One version of a registered model: where its files are, which run made it, its stage, tags and aliases. */
public record ModelVersion(
        String name,
        String version,
        Long creationTimestamp,
        Long lastUpdatedTimestamp,
        String userId,
        Stage currentStage,
        String description,
        String source,
        String runId,
        String status,
        String statusMessage,
        List<Tag> tags,
        String runLink,
        List<String> aliases) {

    /** Registration in Capstan is synchronous, so every version is ready as soon as it exists. */
    public static final String READY = "READY";
}
