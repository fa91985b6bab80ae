package dev.capstan.tracking.internal;

import dev.capstan.store.internal.SqlQuery;
import dev.capstan.CapstanException;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Tag;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one logging batch inside the caller's transaction: metric points in one prepared batch, the latest point
 * per key folded in memory first, params checked against values already logged, tags upserted.
 */
final class RunBatchWriter {

    private static final Comparator<Metric> LATEST = Comparator.comparing(Metric::step)
            .thenComparing(Metric::timestamp).thenComparing(Metric::value);
    private static final String INSERT_POINT = "INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) "
            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
    private static final String UPSERT_LATEST = "INSERT INTO latest_metrics (run_uuid, key, step, timestamp, value, "
            + "is_nan) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_uuid, key) DO UPDATE SET step = excluded.step, "
            + "timestamp = excluded.timestamp, value = excluded.value, is_nan = excluded.is_nan "
            + "WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND "
            + "(excluded.timestamp > latest_metrics.timestamp OR (excluded.timestamp = latest_metrics.timestamp "
            + "AND excluded.value > latest_metrics.value)))";

    private RunBatchWriter() {
    }

    static void write(Handle h, String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        insertParams(h, runId, params);
        insertMetrics(h, runId, metrics);
        upsertTags(h, runId, tags);
    }

    static void upsertTags(Handle h, String runId, List<Tag> tags) {
        if (tags.isEmpty()) {
            return;
        }
        PreparedBatch batch = h.prepareBatch("INSERT INTO tags (run_uuid, key, value) VALUES (:run, :key, :value) "
                + "ON CONFLICT (run_uuid, key) DO UPDATE SET value = excluded.value");
        for (Tag tag : tags) {
            batch.bind("run", runId).bind("key", tag.key()).bind("value", tag.value()).add();
            if (tag.key().equals(SqlTrackingStore.RUN_NAME_TAG)) {
                h.createUpdate("UPDATE runs SET name = :name WHERE run_uuid = :run")
                        .bind("name", tag.value()).bind("run", runId).execute();
            }
        }
        batch.execute();
    }

    private static void insertParams(Handle h, String runId, List<Param> params) {
        if (params.isEmpty()) {
            return;
        }
        SqlQuery existing = new SqlQuery();
        existing.append("SELECT key, value FROM params WHERE run_uuid = ").append(existing.bind(runId))
                .append(" AND key IN ").append(existing.bindList(params.stream().map(Param::key).toList()));
        Map<String, String> logged = new LinkedHashMap<>();
        existing.on(h).map((rs, ctx) -> logged.put(rs.getString("key"), rs.getString("value"))).forEach(x -> { });
        PreparedBatch batch = h.prepareBatch("INSERT INTO params (run_uuid, key, value) VALUES (:run, :key, :value)");
        for (Param p : params) {
            String old = logged.get(p.key());
            if (old != null && !old.equals(p.value())) {
                throw CapstanException.invalid("Changing param values is not allowed. Param with key='%s' was already "
                        + "logged with value='%s' for run ID='%s'. Attempted logging new value '%s'.",
                        p.key(), old, runId, p.value());
            }
            if (old == null) {
                batch.bind("run", runId).bind("key", p.key()).bind("value", p.value()).add();
            }
        }
        if (batch.size() > 0) {
            batch.execute();
        }
    }

    /** Plain JDBC with positional binds: this is the hot path of logging, where Jdbi's named binding costs ~20 %. */
    private static void insertMetrics(Handle h, String runId, List<Metric> metrics) {
        if (metrics.isEmpty()) {
            return;
        }
        Map<String, Metric> latest = new LinkedHashMap<>();
        metrics.forEach(m -> latest.merge(m.key(), m, (a, b) -> LATEST.compare(a, b) >= 0 ? a : b));
        try {
            executeBatch(h, INSERT_POINT, runId, metrics);
            executeBatch(h, UPSERT_LATEST, runId, latest.values());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot store the metrics of run " + runId + ": " + e.getMessage(), e);
        }
    }

    private static void executeBatch(Handle h, String sql, String runId, Collection<Metric> metrics) throws SQLException {
        try (PreparedStatement statement = h.getConnection().prepareStatement(sql)) {
            for (Metric m : metrics) {
                boolean nan = Double.isNaN(m.value());
                statement.setString(1, runId);
                statement.setString(2, m.key());
                statement.setLong(3, m.step());
                statement.setLong(4, m.timestamp());
                statement.setDouble(5, nan ? 0.0 : m.value());
                statement.setInt(6, nan ? 1 : 0);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
