package dev.capstan.registry;

import dev.capstan.tracking.Page;
import dev.capstan.tracking.Tag;

import java.util.List;

/**
 * Registered models, their versions, stages and aliases (MLflow's model registry). Implementations are
 * thread-safe; the SQL store keeps the registry in the same database as tracking.
 */
public interface ModelRegistryStore {

    RegisteredModel createRegisteredModel(String name, List<Tag> tags, String description);

    RegisteredModel getRegisteredModel(String name);

    RegisteredModel renameRegisteredModel(String name, String newName);

    RegisteredModel updateRegisteredModel(String name, String description);

    /** Deletes the model with all its versions, tags and aliases. */
    void deleteRegisteredModel(String name);

    Page<RegisteredModel> searchRegisteredModels(RegistryQuery query);

    /** The newest version in each of {@code stages} (all stages when empty). */
    List<ModelVersion> getLatestVersions(String name, List<Stage> stages);

    void setRegisteredModelTag(String name, Tag tag);

    void deleteRegisteredModelTag(String name, String key);

    ModelVersion createModelVersion(NewModelVersion version);

    ModelVersion getModelVersion(String name, String version);

    ModelVersion updateModelVersion(String name, String version, String description);

    void deleteModelVersion(String name, String version);

    Page<ModelVersion> searchModelVersions(RegistryQuery query);

    /** Moves a version to a stage; with {@code archiveExisting}, other versions in that stage become Archived. */
    ModelVersion transitionStage(String name, String version, Stage stage, boolean archiveExisting);

    void setModelVersionTag(String name, String version, Tag tag);

    void deleteModelVersionTag(String name, String version, String key);

    /** Where a client downloads the version's files from. */
    String getDownloadUri(String name, String version);

    void setAlias(String name, String alias, String version);

    void deleteAlias(String name, String alias);

    ModelVersion getVersionByAlias(String name, String alias);

    /** Resolves {@code models:/name/3}, {@code models:/name@alias} or {@code models:/name/Production}. */
    ModelVersion resolve(ModelUri uri);
}
