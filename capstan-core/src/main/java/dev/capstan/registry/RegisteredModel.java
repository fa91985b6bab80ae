package dev.capstan.registry;

import dev.capstan.tracking.Tag;

import java.util.List;

/** A named model: its description, tags, aliases and the latest version in each stage. */
public record RegisteredModel(
        String name,
        Long creationTimestamp,
        Long lastUpdatedTimestamp,
        String userId,
        String description,
        List<ModelVersion> latestVersions,
        List<Tag> tags,
        List<AliasRef> aliases) {
}
