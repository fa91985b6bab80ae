package dev.capstan.server.registry;

import dev.capstan.registry.Stage;
import dev.capstan.tracking.Tag;

import java.util.List;

/** The request messages of MLflow's model registry service (model_registry.proto), as records. */
final class RegistryRequests {

    private RegistryRequests() {
    }

    record CreateRegisteredModel(String name, List<Tag> tags, String description) {
    }

    record ModelRef(String name) {
    }

    record RenameRegisteredModel(String name, String newName) {
    }

    record UpdateDescription(String name, String version, String description) {
    }

    record SearchRequest(String filter, Integer maxResults, List<String> orderBy, String pageToken) {
    }

    record GetLatestVersions(String name, List<Stage> stages) {
    }

    record TagRequest(String name, String version, String key, String value) {
    }

    record CreateModelVersion(String name, String source, String runId, List<Tag> tags, String runLink,
                              String description) {
    }

    record VersionRef(String name, String version) {
    }

    record TransitionStage(String name, String version, Stage stage, Boolean archiveExistingVersions) {
    }

    record AliasRequest(String name, String alias, String version) {
    }
}
