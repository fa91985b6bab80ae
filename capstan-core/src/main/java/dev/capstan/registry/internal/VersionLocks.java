package dev.capstan.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.capstan.Json;
import dev.capstan.registry.VersionLock;
import dev.capstan.registry.VersionLock.Approval;
import dev.capstan.registry.VersionLock.DataVersion;
import dev.capstan.tracking.GitSource;
import org.jdbi.v3.core.Handle;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes model version locks from the tracking tables of the same database, inside the registry's transactions, and
 * records approvals. A lock taken while its run is still running is left unsealed and taken again, from the ended
 * run, the next time it is read or the version is promoted.
 */
final class VersionLocks {

    private static final String SOURCE_NAME_TAG = "mlflow.source.name";
    private static final List<String> ACTIVE_RUN_STATUSES = List.of("RUNNING", "SCHEDULED");
    private static final TypeReference<List<DataVersion>> DATA = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() { };

    private VersionLocks() {
    }

    /** Takes the lock of a new version from its run ({@code runId} may be {@code null}: an empty, sealed lock). */
    static void take(Handle h, String name, long version, String runId) {
        Optional<RunFacts> run = runId == null ? Optional.empty() : RunFacts.find(h, runId);
        h.createUpdate("INSERT INTO model_version_locks (name, version, run_id, code_commit, code_dirty, code_source, "
                        + "data_versions, params, metrics, trained_at, trained_by, sealed) VALUES (:name, :version, :run, "
                        + ":commit, :dirty, :source, :data, :params, :metrics, :trainedAt, :trainedBy, :sealed) "
                        + "ON CONFLICT (name, version) DO UPDATE SET run_id = excluded.run_id, "
                        + "code_commit = excluded.code_commit, code_dirty = excluded.code_dirty, "
                        + "code_source = excluded.code_source, data_versions = excluded.data_versions, "
                        + "params = excluded.params, metrics = excluded.metrics, trained_at = excluded.trained_at, "
                        + "trained_by = excluded.trained_by, sealed = excluded.sealed")
                .bind("name", name).bind("version", version).bind("run", run.map(RunFacts::runId).orElse(null))
                .bind("commit", run.map(r -> r.tags().get(GitSource.COMMIT_TAG)).orElse(null))
                .bind("dirty", run.map(RunFacts::dirty).orElse(null))
                .bind("source", run.map(RunFacts::codeSource).orElse(null))
                .bind("data", json(run.map(RunFacts::data).orElse(List.of())))
                .bind("params", json(run.map(RunFacts::params).orElse(Map.of())))
                .bind("metrics", json(run.map(RunFacts::metrics).orElse(Map.of())))
                .bind("trainedAt", run.map(RunFacts::trainedAt).orElse(null))
                .bind("trainedBy", run.map(RunFacts::trainedBy).orElse(null))
                .bind("sealed", run.map(r -> !ACTIVE_RUN_STATUSES.contains(r.status())).orElse(true))
                .execute();
    }

    /**
     * Takes the lock again when it is unsealed, or for the first time for a version registered before locks existed.
     * {@code runId} is the version's run, used only in the second case.
     */
    static void complete(Handle h, String name, long version, String runId) {
        Optional<TakenLock> taken = h.createQuery("SELECT sealed, run_id FROM model_version_locks "
                        + "WHERE name = :name AND version = :version")
                .bind("name", name).bind("version", version)
                .map((rs, ctx) -> new TakenLock(rs.getBoolean("sealed"), rs.getString("run_id"))).findOne();
        if (taken.isEmpty()) {
            take(h, name, version, runId);
        } else if (!taken.get().sealed()) {
            take(h, name, version, taken.get().runId());
        }
    }

    /** Records that {@code approvedBy} promoted the version ({@code stage:Production}, {@code alias:champion}). */
    static void approve(Handle h, String name, long version, String action, String approvedBy, long now) {
        h.createUpdate("INSERT INTO model_version_approvals (name, version, seq, action, approved_by, approved_at) "
                        + "SELECT :name, :version, COALESCE(MAX(seq), 0) + 1, :action, :by, :at "
                        + "FROM model_version_approvals WHERE name = :name AND version = :version")
                .bind("name", name).bind("version", version).bind("action", action).bind("by", approvedBy)
                .bind("at", now).execute();
    }

    static VersionLock load(Handle h, String name, long version) {
        List<Approval> approvals = h.createQuery("SELECT action, approved_by, approved_at FROM model_version_approvals "
                        + "WHERE name = :name AND version = :version ORDER BY seq")
                .bind("name", name).bind("version", version)
                .map((rs, ctx) -> new Approval(rs.getString("action"), rs.getString("approved_by"),
                        rs.getLong("approved_at"))).list();
        return h.createQuery("SELECT * FROM model_version_locks WHERE name = :name AND version = :version")
                .bind("name", name).bind("version", version)
                .map((rs, ctx) -> lock(rs, name, version, approvals)).one();
    }

    /** Removes the lock and approvals of one version, or of every version when {@code version} is {@code null}. */
    static void delete(Handle h, String name, Long version) {
        for (String table : List.of("model_version_approvals", "model_version_locks")) {
            h.createUpdate("DELETE FROM " + table + " WHERE name = :name"
                            + (version == null ? "" : " AND version = :version"))
                    .bind("name", name).bind("version", version).execute();
        }
    }

    private static VersionLock lock(ResultSet rs, String name, long version, List<Approval> approvals)
            throws SQLException {
        boolean dirty = rs.getBoolean("code_dirty");
        Boolean codeDirty = rs.wasNull() ? null : dirty;
        long trainedAt = rs.getLong("trained_at");
        Long trainedAtOrNull = rs.wasNull() ? null : trainedAt;
        return new VersionLock(name, Long.toString(version), rs.getString("run_id"), rs.getString("code_commit"),
                codeDirty, rs.getString("code_source"), parse(rs.getString("data_versions"), DATA),
                parse(rs.getString("params"), PARAMS), parse(rs.getString("metrics"), METRICS), trainedAtOrNull,
                rs.getString("trained_by"), approvals);
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record TakenLock(boolean sealed, String runId) {
    }

    /** What the tracking tables say about one run. */
    private record RunFacts(String runId, String status, Long startTime, Long endTime, String userId,
                            Map<String, String> tags, Map<String, String> params, Map<String, Double> metrics,
                            List<DataVersion> data) {

        static Optional<RunFacts> find(Handle h, String runId) {
            return h.createQuery("SELECT status, start_time, end_time, user_id FROM runs WHERE run_uuid = :run")
                    .bind("run", runId)
                    .map((rs, ctx) -> new RunFacts(runId, rs.getString("status"), nullableLong(rs, "start_time"),
                            nullableLong(rs, "end_time"), rs.getString("user_id"), keyValues(h, "tags", runId),
                            keyValues(h, "params", runId), metrics(h, runId), datasets(h, runId)))
                    .findOne();
        }

        Boolean dirty() {
            String value = tags.get(GitSource.DIRTY_TAG);
            return value == null || !value.matches("(?i)true|false") ? null : Boolean.valueOf(value);
        }

        String codeSource() {
            return tags.getOrDefault(GitSource.REPOSITORY_TAG, tags.get(SOURCE_NAME_TAG));
        }

        /** When training ended, or started for a run still going. */
        Long trainedAt() {
            return endTime != null ? endTime : startTime;
        }

        String trainedBy() {
            return userId != null && !userId.isEmpty() ? userId : tags.get("mlflow.user");
        }

        private static Map<String, String> keyValues(Handle h, String table, String runId) {
            Map<String, String> values = new LinkedHashMap<>();
            h.createQuery("SELECT key, value FROM " + table + " WHERE run_uuid = :run ORDER BY key").bind("run", runId)
                    .map((rs, ctx) -> values.put(rs.getString("key"), rs.getString("value"))).list();
            return values;
        }

        private static Map<String, Double> metrics(Handle h, String runId) {
            Map<String, Double> values = new LinkedHashMap<>();
            h.createQuery("SELECT key, value, is_nan FROM latest_metrics WHERE run_uuid = :run ORDER BY key")
                    .bind("run", runId)
                    .map((rs, ctx) -> values.put(rs.getString("key"),
                            rs.getInt("is_nan") != 0 ? Double.NaN : rs.getDouble("value"))).list();
            return values;
        }

        private static List<DataVersion> datasets(Handle h, String runId) {
            return h.createQuery("SELECT d.name, d.digest, d.source, t.value AS context FROM run_inputs i "
                            + "JOIN datasets d ON d.dataset_uuid = i.dataset_uuid "
                            + "LEFT JOIN run_input_tags t ON t.run_uuid = i.run_uuid AND t.dataset_uuid = i.dataset_uuid "
                            + "AND t.key = 'mlflow.data.context' WHERE i.run_uuid = :run ORDER BY d.name, d.digest")
                    .bind("run", runId)
                    .map((rs, ctx) -> new DataVersion(rs.getString("name"), rs.getString("digest"),
                            rs.getString("source"), rs.getString("context"))).list();
        }

        private static Long nullableLong(ResultSet rs, String column) throws SQLException {
            long value = rs.getLong(column);
            return rs.wasNull() ? null : value;
        }
    }
}
