package dev.capstan.registry.internal;

import dev.capstan.CapstanException;
import dev.capstan.registry.AliasRef;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelVersion;
import dev.capstan.registry.NewModelVersion;
import dev.capstan.registry.RegisteredModel;
import dev.capstan.registry.RegistryQuery;
import dev.capstan.registry.Stage;
import dev.capstan.registry.VersionLock;
import dev.capstan.store.Database;
import dev.capstan.store.internal.PageToken;
import dev.capstan.store.internal.SqlErrors;
import dev.capstan.store.internal.SqlQuery;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.internal.TrackingValidation;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The model registry on SQLite or PostgreSQL, in the tracking database. Every write is one transaction. A store made
 * with the constructor shares its {@link Database} (the server's tracking store owns it); one made with
 * {@link #owning} closes it. Writes are attributed to the operating-system user unless a view from
 * {@link #actingAs} names another.
 */
public final class SqlModelRegistryStore implements ModelRegistryStore {

    static final String DELETED_STAGE = "Deleted_Internal";

    private static final String MODEL_COLUMNS = "m.name, m.creation_time, m.last_updated_time, m.description";
    private static final String VERSION_COLUMNS = "v.name, v.version, v.creation_time, v.last_updated_time, "
            + "v.description, v.user_id, v.current_stage, v.source, v.run_id, v.run_link, v.status, v.status_message";

    private final Database db;
    private final boolean ownsDatabase;
    private final String actor;

    /** A store over a database that its opener closes; {@link #close} leaves it open. */
    public SqlModelRegistryStore(Database db) {
        this(db, false, System.getProperty("user.name", ""));
    }

    private SqlModelRegistryStore(Database db, boolean ownsDatabase, String actor) {
        this.db = db;
        this.ownsDatabase = ownsDatabase;
        this.actor = actor;
    }

    /** A store that closes {@code db} when it is closed. */
    public static SqlModelRegistryStore owning(Database db) {
        return new SqlModelRegistryStore(db, true, System.getProperty("user.name", ""));
    }

    /** A view of this store, over the same database, that attributes its writes to {@code user}; closing it is a no-op. */
    @Override
    public ModelRegistryStore actingAs(String user) {
        return new SqlModelRegistryStore(db, false, user == null ? "" : user);
    }

    // ---------------------------------------------------------------- registered models

    @Override
    public RegisteredModel createRegisteredModel(String name, List<Tag> tags, String description) {
        RegistryValidation.name(name);
        List<Tag> checked = tags == null ? List.of() : tags.stream().map(TrackingValidation::experimentTag).toList();
        try {
            return db.write(h -> {
                if (exists(h, name)) {
                    throw modelExists(name);
                }
                long now = System.currentTimeMillis();
                h.createUpdate("INSERT INTO registered_models (name, creation_time, last_updated_time, description) "
                        + "VALUES (:name, :now, :now, :description)")
                        .bind("name", name).bind("now", now).bind("description", description).execute();
                checked.forEach(tag -> upsertModelTag(h, name, tag));
                return loadModel(h, name);
            });
        } catch (RuntimeException e) {
            throw SqlErrors.isUniqueViolation(e) ? modelExists(name) : e;
        }
    }

    @Override
    public RegisteredModel getRegisteredModel(String name) {
        RegistryValidation.name(name);
        return db.read(h -> loadModel(h, name));
    }

    @Override
    public RegisteredModel renameRegisteredModel(String name, String newName) {
        RegistryValidation.name(name);
        RegistryValidation.name(newName);
        return db.write(h -> {
            loadModel(h, name);
            if (!name.equals(newName) && exists(h, newName)) {
                throw modelExists(newName);
            }
            h.createUpdate("UPDATE registered_models SET name = :new, last_updated_time = :now WHERE name = :name")
                    .bind("new", newName).bind("now", System.currentTimeMillis()).bind("name", name).execute();
            return loadModel(h, newName);
        });
    }

    @Override
    public RegisteredModel updateRegisteredModel(String name, String description) {
        RegistryValidation.name(name);
        return db.write(h -> {
            loadModel(h, name);
            h.createUpdate("UPDATE registered_models SET description = :d, last_updated_time = :now WHERE name = :name")
                    .bind("d", description).bind("now", System.currentTimeMillis()).bind("name", name).execute();
            return loadModel(h, name);
        });
    }

    @Override
    public void deleteRegisteredModel(String name) {
        RegistryValidation.name(name);
        db.write(h -> {
            loadModel(h, name);
            VersionLocks.delete(h, name, null);
            for (String table : List.of("registered_model_aliases", "model_version_tags", "model_versions",
                    "registered_model_tags", "registered_models")) {
                h.createUpdate("DELETE FROM " + table + " WHERE name = :name").bind("name", name).execute();
            }
            return null;
        });
    }

    @Override
    public Page<RegisteredModel> searchRegisteredModels(RegistryQuery query) {
        int limit = PageToken.maxResults(query.maxResults(), 100, 1000);
        int offset = PageToken.offset(query.pageToken());
        SqlQuery sql = RegistrySearchSql.build(RegistrySearchSql.Target.MODELS, "m.name", query.filter(),
                query.orderBy(), limit + 1, offset);
        return db.read(h -> {
            List<String> names = sql.on(h).mapTo(String.class).list();
            List<RegisteredModel> page = new ArrayList<>();
            names.subList(0, Math.min(limit, names.size())).forEach(n -> page.add(loadModel(h, n)));
            return new Page<>(page, PageToken.next(offset, page.size(), limit, names.size() > limit));
        });
    }

    @Override
    public List<ModelVersion> getLatestVersions(String name, List<Stage> stages) {
        RegistryValidation.name(name);
        return db.read(h -> {
            loadModel(h, name);
            return latestVersions(h, name, stages == null || stages.isEmpty() ? List.of(Stage.values()) : stages);
        });
    }

    @Override
    public void setRegisteredModelTag(String name, Tag tag) {
        RegistryValidation.name(name);
        Tag checked = TrackingValidation.experimentTag(tag);
        db.write(h -> {
            loadModel(h, name);
            upsertModelTag(h, name, checked);
            return null;
        });
    }

    @Override
    public void deleteRegisteredModelTag(String name, String key) {
        RegistryValidation.name(name);
        db.write(h -> {
            loadModel(h, name);
            if (h.createUpdate("DELETE FROM registered_model_tags WHERE name = :name AND key = :key")
                    .bind("name", name).bind("key", key).execute() == 0) {
                throw CapstanException.notFound("No tag with key '%s' on registered model '%s'", key, name);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- model versions

    @Override
    public ModelVersion createModelVersion(NewModelVersion request) {
        String name = RegistryValidation.name(request.name());
        List<Tag> tags = request.tags() == null ? List.of()
                : request.tags().stream().map(TrackingValidation::experimentTag).toList();
        return db.write(h -> {
            loadModel(h, name);
            String source = ModelSources.validate(h, request.source(), request.runId());
            long version = h.createQuery("SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = :name")
                    .bind("name", name).mapTo(Long.class).one();
            long now = System.currentTimeMillis();
            h.createUpdate("INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, "
                            + "user_id, current_stage, source, run_id, run_link, status) VALUES (:name, :version, :now, "
                            + ":now, :description, :user, :stage, :source, :run, :link, :status)")
                    .bind("name", name).bind("version", version).bind("now", now).bind("user", actor)
                    .bind("description", request.description()).bind("stage", Stage.NONE.wireName())
                    .bind("source", source).bind("run", request.runId()).bind("link", request.runLink())
                    .bind("status", ModelVersion.READY).execute();
            tags.forEach(tag -> upsertVersionTag(h, name, version, tag));
            VersionLocks.take(h, name, version, runOf(source, request.runId()));
            touchModel(h, name, now);
            return loadVersion(h, name, version);
        });
    }

    @Override
    public ModelVersion getModelVersion(String name, String version) {
        long v = RegistryValidation.version(version);
        return db.read(h -> loadVersion(h, RegistryValidation.name(name), v));
    }

    @Override
    public ModelVersion updateModelVersion(String name, String version, String description) {
        long v = RegistryValidation.version(version);
        return db.write(h -> {
            loadVersion(h, RegistryValidation.name(name), v);
            h.createUpdate("UPDATE model_versions SET description = :d, last_updated_time = :now "
                            + "WHERE name = :name AND version = :v")
                    .bind("d", description).bind("now", System.currentTimeMillis()).bind("name", name).bind("v", v)
                    .execute();
            return loadVersion(h, name, v);
        });
    }

    @Override
    public void deleteModelVersion(String name, String version) {
        long v = RegistryValidation.version(version);
        db.write(h -> {
            loadVersion(h, RegistryValidation.name(name), v);
            h.createUpdate("DELETE FROM registered_model_aliases WHERE name = :name AND version = :v")
                    .bind("name", name).bind("v", v).execute();
            h.createUpdate("DELETE FROM model_version_tags WHERE name = :name AND version = :v")
                    .bind("name", name).bind("v", v).execute();
            VersionLocks.delete(h, name, v);
            h.createUpdate("UPDATE model_versions SET current_stage = :deleted, source = NULL, run_id = NULL, "
                            + "run_link = NULL, description = NULL, last_updated_time = :now WHERE name = :name AND version = :v")
                    .bind("deleted", DELETED_STAGE).bind("now", System.currentTimeMillis()).bind("name", name)
                    .bind("v", v).execute();
            return null;
        });
    }

    @Override
    public Page<ModelVersion> searchModelVersions(RegistryQuery query) {
        int limit = PageToken.maxResults(query.maxResults(), 10_000, 200_000);
        int offset = PageToken.offset(query.pageToken());
        SqlQuery sql = RegistrySearchSql.build(RegistrySearchSql.Target.VERSIONS, VERSION_COLUMNS, query.filter(),
                query.orderBy(), limit + 1, offset);
        return db.read(h -> {
            List<ModelVersion> rows = sql.on(h).map((rs, ctx) -> version(rs)).list();
            List<ModelVersion> page = new ArrayList<>();
            rows.subList(0, Math.min(limit, rows.size())).forEach(v -> page.add(withTagsAndAliases(h, v)));
            return new Page<>(page, PageToken.next(offset, page.size(), limit, rows.size() > limit));
        });
    }

    @Override
    public ModelVersion transitionStage(String name, String version, Stage stage, boolean archiveExisting) {
        long v = RegistryValidation.version(version);
        if (stage == null) {
            throw CapstanException.invalid("Missing value for required parameter 'stage'");
        }
        return db.write(h -> {
            ModelVersion current = loadVersion(h, RegistryValidation.name(name), v);
            long now = System.currentTimeMillis();
            if (archiveExisting && (stage == Stage.STAGING || stage == Stage.PRODUCTION)) {
                h.createUpdate("UPDATE model_versions SET current_stage = :archived, last_updated_time = :now "
                                + "WHERE name = :name AND current_stage = :stage AND version <> :v")
                        .bind("archived", Stage.ARCHIVED.wireName()).bind("now", now).bind("name", name)
                        .bind("stage", stage.wireName()).bind("v", v).execute();
            }
            h.createUpdate("UPDATE model_versions SET current_stage = :stage, last_updated_time = :now "
                            + "WHERE name = :name AND version = :v")
                    .bind("stage", stage.wireName()).bind("now", now).bind("name", name).bind("v", v).execute();
            if (stage == Stage.STAGING || stage == Stage.PRODUCTION) {
                approve(h, current, "stage:" + stage.wireName(), now);
            }
            touchModel(h, name, now);
            return loadVersion(h, name, v);
        });
    }

    @Override
    public void setModelVersionTag(String name, String version, Tag tag) {
        long v = RegistryValidation.version(version);
        Tag checked = TrackingValidation.experimentTag(tag);
        db.write(h -> {
            loadVersion(h, RegistryValidation.name(name), v);
            upsertVersionTag(h, name, v, checked);
            return null;
        });
    }

    @Override
    public void deleteModelVersionTag(String name, String version, String key) {
        long v = RegistryValidation.version(version);
        db.write(h -> {
            loadVersion(h, RegistryValidation.name(name), v);
            if (h.createUpdate("DELETE FROM model_version_tags WHERE name = :name AND version = :v AND key = :key")
                    .bind("name", name).bind("v", v).bind("key", key).execute() == 0) {
                throw CapstanException.notFound("No tag with key '%s' on version %d of model '%s'", key, v, name);
            }
            return null;
        });
    }

    @Override
    public String getDownloadUri(String name, String version) {
        long v = RegistryValidation.version(version);
        return db.read(h -> ModelSources.downloadUri(h, loadVersion(h, RegistryValidation.name(name), v).source()));
    }

    // ---------------------------------------------------------------- aliases and model URIs

    @Override
    public void setAlias(String name, String alias, String version) {
        RegistryValidation.alias(alias);
        long v = RegistryValidation.version(version);
        db.write(h -> {
            ModelVersion current = loadVersion(h, RegistryValidation.name(name), v);
            h.createUpdate("INSERT INTO registered_model_aliases (name, alias, version) VALUES (:name, :alias, :v) "
                            + "ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version")
                    .bind("name", name).bind("alias", alias).bind("v", v).execute();
            approve(h, current, "alias:" + alias, System.currentTimeMillis());
            return null;
        });
    }

    @Override
    public void deleteAlias(String name, String alias) {
        RegistryValidation.alias(alias);
        db.write(h -> {
            loadModel(h, RegistryValidation.name(name));
            h.createUpdate("DELETE FROM registered_model_aliases WHERE name = :name AND alias = :alias")
                    .bind("name", name).bind("alias", alias).execute();
            return null;
        });
    }

    @Override
    public ModelVersion getVersionByAlias(String name, String alias) {
        RegistryValidation.alias(alias);
        return db.read(h -> {
            long v = h.createQuery("SELECT version FROM registered_model_aliases WHERE name = :name AND alias = :alias")
                    .bind("name", RegistryValidation.name(name)).bind("alias", alias).mapTo(Long.class).findOne()
                    .orElseThrow(() -> CapstanException.notFound("Registered model '%s' has no alias '%s'", name, alias));
            return loadVersion(h, name, v);
        });
    }

    @Override
    public VersionLock getVersionLock(String name, String version) {
        long v = RegistryValidation.version(version);
        return db.write(h -> {
            ModelVersion current = loadVersion(h, RegistryValidation.name(name), v);
            VersionLocks.complete(h, name, v, runOf(current.source(), current.runId()));
            return VersionLocks.load(h, name, v);
        });
    }

    @Override
    public void close() {
        if (ownsDatabase) {
            db.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Records a promotion, sealing the lock first so that it shows what was approved. */
    private void approve(Handle h, ModelVersion version, String action, long now) {
        long v = Long.parseLong(version.version());
        VersionLocks.complete(h, version.name(), v, runOf(version.source(), version.runId()));
        VersionLocks.approve(h, version.name(), v, action, actor, now);
    }

    /** The run that made a version: the one named in the request, else the one in a {@code runs:/} source. */
    private static String runOf(String source, String runId) {
        if (runId != null && !runId.isEmpty()) {
            return runId;
        }
        return source != null && source.startsWith("runs:/") ? ModelSources.RunsUri.parse(source).runId() : null;
    }

    private static boolean exists(Handle h, String name) {
        return h.createQuery("SELECT 1 FROM registered_models WHERE name = :name").bind("name", name)
                .mapTo(Integer.class).findOne().isPresent();
    }

    private static RegisteredModel loadModel(Handle h, String name) {
        RegisteredModel m = h.createQuery("SELECT " + MODEL_COLUMNS + " FROM registered_models m WHERE m.name = :name")
                .bind("name", name).map((rs, ctx) -> new RegisteredModel(rs.getString("name"), rs.getLong("creation_time"),
                        rs.getLong("last_updated_time"), "", rs.getString("description"), List.of(), List.of(), List.of()))
                .findOne().orElseThrow(() -> CapstanException.notFound("Registered Model with name=%s not found", name));
        List<Tag> tags = h.createQuery("SELECT key, value FROM registered_model_tags WHERE name = :name ORDER BY key")
                .bind("name", name).map((rs, ctx) -> new Tag(rs.getString("key"), rs.getString("value"))).list();
        List<AliasRef> aliases = h.createQuery("SELECT alias, version FROM registered_model_aliases WHERE name = :name "
                        + "ORDER BY alias").bind("name", name)
                .map((rs, ctx) -> new AliasRef(rs.getString("alias"), Long.toString(rs.getLong("version")))).list();
        return new RegisteredModel(m.name(), m.creationTimestamp(), m.lastUpdatedTimestamp(), m.userId(), m.description(),
                latestVersions(h, name, List.of(Stage.values())), tags, aliases);
    }

    private static List<ModelVersion> latestVersions(Handle h, String name, List<Stage> stages) {
        List<ModelVersion> latest = new ArrayList<>();
        for (Stage stage : stages) {
            h.createQuery("SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.name = :name "
                            + "AND v.current_stage = :stage ORDER BY v.version DESC LIMIT 1")
                    .bind("name", name).bind("stage", stage.wireName()).map((rs, ctx) -> version(rs)).findOne()
                    .ifPresent(v -> latest.add(withTagsAndAliases(h, v)));
        }
        return latest;
    }

    private static ModelVersion loadVersion(Handle h, String name, long version) {
        ModelVersion v = h.createQuery("SELECT " + VERSION_COLUMNS + " FROM model_versions v WHERE v.name = :name "
                        + "AND v.version = :v AND v.current_stage <> :deleted")
                .bind("name", name).bind("v", version).bind("deleted", DELETED_STAGE).map((rs, ctx) -> version(rs))
                .findOne().orElseThrow(() -> CapstanException.notFound("Model Version (name=%s, version=%d) not found",
                        name, version));
        return withTagsAndAliases(h, v);
    }

    private static ModelVersion withTagsAndAliases(Handle h, ModelVersion v) {
        long version = Long.parseLong(v.version());
        List<Tag> tags = h.createQuery("SELECT key, value FROM model_version_tags WHERE name = :name AND version = :v "
                        + "ORDER BY key").bind("name", v.name()).bind("v", version)
                .map((rs, ctx) -> new Tag(rs.getString("key"), rs.getString("value"))).list();
        List<String> aliases = h.createQuery("SELECT alias FROM registered_model_aliases WHERE name = :name "
                        + "AND version = :v ORDER BY alias").bind("name", v.name()).bind("v", version)
                .mapTo(String.class).list();
        return new ModelVersion(v.name(), v.version(), v.creationTimestamp(), v.lastUpdatedTimestamp(), v.userId(),
                v.currentStage(), v.description(), v.source(), v.runId(), v.status(), v.statusMessage(), tags,
                v.runLink(), aliases);
    }

    private static ModelVersion version(ResultSet rs) throws SQLException {
        return new ModelVersion(rs.getString("name"), Long.toString(rs.getLong("version")), rs.getLong("creation_time"),
                rs.getLong("last_updated_time"), rs.getString("user_id"), Stage.of(rs.getString("current_stage")),
                rs.getString("description"), rs.getString("source"), rs.getString("run_id"), rs.getString("status"),
                rs.getString("status_message"), List.of(), rs.getString("run_link"), List.of());
    }

    private static void touchModel(Handle h, String name, long now) {
        h.createUpdate("UPDATE registered_models SET last_updated_time = :now WHERE name = :name")
                .bind("now", now).bind("name", name).execute();
    }

    private static void upsertModelTag(Handle h, String name, Tag tag) {
        h.createUpdate("INSERT INTO registered_model_tags (name, key, value) VALUES (:name, :key, :value) "
                        + "ON CONFLICT (name, key) DO UPDATE SET value = excluded.value")
                .bind("name", name).bind("key", tag.key()).bind("value", tag.value()).execute();
    }

    private static void upsertVersionTag(Handle h, String name, long version, Tag tag) {
        h.createUpdate("INSERT INTO model_version_tags (name, version, key, value) VALUES (:name, :v, :key, :value) "
                        + "ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value")
                .bind("name", name).bind("v", version).bind("key", tag.key()).bind("value", tag.value()).execute();
    }

    private static CapstanException modelExists(String name) {
        return CapstanException.alreadyExists("Registered Model (name=%s) already exists.", name);
    }
}
