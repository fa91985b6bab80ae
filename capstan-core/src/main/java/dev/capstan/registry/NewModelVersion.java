package dev.capstan.registry;

import dev.capstan.tracking.Tag;

import java.util.List;

/** What a client sends to register a new version: the model's files ({@code source}) and where they came from. */
public record NewModelVersion(String name, String source, String runId, List<Tag> tags, String runLink,
                              String description) {
}
