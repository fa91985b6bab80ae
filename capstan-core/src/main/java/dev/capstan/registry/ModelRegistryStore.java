package dev.capstan.registry;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Tag;

import java.util.Comparator;
import java.util.List;

/**
 * Registered models, their versions, stages and aliases (MLflow's model registry). Implementations: the SQL store,
 * which keeps the registry in the same database as tracking, and the REST store (a remote server);
 * {@link ModelRegistryStores#open} picks one by URI. Convenience methods ({@link #resolve},
 * {@link #registerModelVersion}) delegate to the primitives. Implementations are thread-safe.
 */
public interface ModelRegistryStore extends AutoCloseable {

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

    /** The version's three-way lock: code, data and parameters it was trained from, and its approvals. */
    VersionLock getVersionLock(String name, String version);

    /**
     * A view of this store that attributes its writes (a version's creator, a promotion's approver) to {@code user}.
     * Stores that cannot choose, like the REST store whose server attributes writes to the caller it authenticated,
     * return themselves.
     */
    default ModelRegistryStore actingAs(String user) {
        return this;
    }

    /**
     * Resolves {@code models:/name/3}, {@code models:/name@alias}, {@code models:/name/Production} (the newest
     * version in that stage) or {@code models:/name/latest} (the newest version in any stage).
     */
    default ModelVersion resolve(ModelUri uri) {
        if (uri.alias() != null) {
            return getVersionByAlias(uri.name(), uri.alias());
        }
        if (uri.version() != null) {
            return getModelVersion(uri.name(), uri.version());
        }
        List<ModelVersion> latest = getLatestVersions(uri.name(), uri.stage() == null ? List.of() : List.of(uri.stage()));
        return latest.stream().max(Comparator.comparingLong(v -> Long.parseLong(v.version())))
                .orElseThrow(() -> CapstanException.notFound("Registered model '%s' has no version%s", uri.name(),
                        uri.stage() == null ? "" : " in stage " + uri.stage().wireName()));
    }

    /**
     * Registers a new version, creating its registered model first when there is none, as MLflow's
     * {@code register_model} does. A model created here is removed again when the version is refused (a bad
     * source, say), so that a failed registration leaves nothing behind.
     */
    default ModelVersion registerModelVersion(NewModelVersion version) {
        boolean created = createRegisteredModelIfMissing(version.name());
        try {
            return createModelVersion(version);
        } catch (RuntimeException e) {
            if (created) {
                deleteIfStillEmpty(version.name(), e);
            }
            throw e;
        }
    }

    /** Releases what the store holds (connections); a store sharing a database with others leaves it open. */
    @Override
    void close();

    private boolean createRegisteredModelIfMissing(String name) {
        try {
            createRegisteredModel(name, List.of(), null);
            return true;
        } catch (CapstanException e) {
            if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
                throw e;
            }
            return false;
        }
    }

    private void deleteIfStillEmpty(String name, RuntimeException cause) {
        try {
            if (getLatestVersions(name, List.of()).isEmpty()) {
                deleteRegisteredModel(name);
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
