package dev.capstan.tracking.internal;

import dev.capstan.store.internal.Predicates;
import dev.capstan.store.internal.SqlQuery;
import dev.capstan.CapstanException;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.search.Comparison;
import dev.capstan.tracking.search.EntityType;
import dev.capstan.tracking.search.OrderKey;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles a run search (filter comparisons and order keys) into SQL over {@code runs}, and pages through it.
 *
 * <p>When the first sort key is a metric, MLflow orders runs with a value first, then runs whose value is NaN,
 * then runs without the metric. Those three groups are queried one after the other: the first walks the
 * {@code latest_metrics (key, value)} index in sort order and stops after one page, instead of sorting every run
 * of the experiment.
 */
final class RunSearchSql {

    static final String RUN_COLUMNS = "r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, "
            + "r.end_time, r.artifact_uri, r.lifecycle_stage";

    private static final Map<String, String> STRING_ATTRIBUTES = Map.of(
            "run_id", "r.run_uuid", "run_uuid", "r.run_uuid", "run_name", "r.name", "status", "r.status",
            "user_id", "r.user_id", "artifact_uri", "r.artifact_uri", "lifecycle_stage", "r.lifecycle_stage");
    private static final Map<String, String> NUMBER_ATTRIBUTES = Map.of(
            "start_time", "r.start_time", "created", "r.start_time", "end_time", "r.end_time");

    /** The part of the result one query returns. */
    private enum Segment { ALL, METRIC_VALUE, METRIC_NAN, METRIC_MISSING }

    private final List<Long> experimentIds;
    private final List<String> stages;
    private final List<Comparison> filter;
    private final List<OrderKey> order;

    RunSearchSql(List<Long> experimentIds, List<String> stages, List<Comparison> filter, List<OrderKey> order) {
        this.experimentIds = experimentIds;
        this.stages = stages;
        this.filter = filter;
        this.order = order;
    }

    /** Up to {@code limit} runs after skipping {@code offset}, in search order. */
    List<RunInfo> rows(Handle h, int limit, int offset) {
        List<RunInfo> rows = new ArrayList<>();
        int skip = offset;
        for (Segment segment : segments()) {
            int wanted = limit - rows.size();
            if (wanted == 0) {
                break;
            }
            List<RunInfo> found = select(segment, wanted, skip).on(h).map((rs, ctx) -> Rows.runInfo(rs)).list();
            skip = found.isEmpty() && skip > 0 ? skip - count(h, segment) : 0;
            rows.addAll(found);
        }
        return rows;
    }

    /** Compiles the search once, so that unknown keys and bad comparators fail before any database work. */
    void validate() {
        select(Segment.ALL, 1, 0);
    }

    private List<Segment> segments() {
        return firstKeyIsMetric()
                ? List.of(Segment.METRIC_VALUE, Segment.METRIC_NAN, Segment.METRIC_MISSING) : List.of(Segment.ALL);
    }

    private SqlQuery select(Segment segment, int limit, int offset) {
        SqlQuery q = new SqlQuery().append("SELECT ").append(RUN_COLUMNS);
        fromAndWhere(q, segment);
        q.append(" ORDER BY ");
        if (segment == Segment.METRIC_VALUE) {
            q.append("o0.value").append(order.get(0).ascending() ? " ASC, " : " DESC, ");
        }
        for (int i = segment == Segment.ALL ? 0 : 1; i < order.size(); i++) {
            q.append(orderTerms(order.get(i), i)).append(", ");
        }
        q.append("r.start_time DESC, r.run_uuid ASC");
        q.append(" LIMIT ").append(q.bind(limit)).append(" OFFSET ").append(q.bind(offset));
        return q;
    }

    private int count(Handle h, Segment segment) {
        SqlQuery q = new SqlQuery().append("SELECT COUNT(*)");
        fromAndWhere(q, segment);
        return q.on(h).mapTo(Integer.class).one();
    }

    private void fromAndWhere(SqlQuery q, Segment segment) {
        boolean walksIndex = segment == Segment.METRIC_VALUE || segment == Segment.METRIC_NAN;
        // CROSS JOIN fixes the join order in SQLite, so the walk starts from the (key, value) index.
        q.append(walksIndex ? " FROM latest_metrics o0 CROSS JOIN runs r" : " FROM runs r");
        for (int i = segment == Segment.ALL ? 0 : 1; i < order.size(); i++) {
            joinOrderKey(q, order.get(i), i);
        }
        q.append(" WHERE r.experiment_id IN ").append(q.bindList(experimentIds))
                .append(" AND r.lifecycle_stage IN ").append(q.bindList(stages));
        if (walksIndex) {
            q.append(" AND o0.key = ").append(q.bind(order.get(0).key()))
                    .append(" AND o0.is_nan = ").append(segment == Segment.METRIC_NAN ? "1" : "0")
                    .append(" AND r.run_uuid = o0.run_uuid");
        }
        if (segment == Segment.METRIC_MISSING) {
            q.append(" AND NOT EXISTS (SELECT 1 FROM latest_metrics o0 WHERE o0.run_uuid = r.run_uuid AND o0.key = ")
                    .append(q.bind(order.get(0).key())).append(")");
        }
        for (Comparison c : filter) {
            q.append(" AND ").append(predicate(q, c));
        }
    }

    private boolean firstKeyIsMetric() {
        return !order.isEmpty() && order.get(0).type() == EntityType.METRIC;
    }

    private static String predicate(SqlQuery q, Comparison c) {
        return switch (c.type()) {
            case METRIC -> "EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_uuid = r.run_uuid AND m.key = "
                    + q.bind(c.key()) + " AND m.is_nan = 0 AND " + Predicates.number(q, "m.value", c) + ")";
            case PARAM -> "EXISTS (SELECT 1 FROM params p WHERE p.run_uuid = r.run_uuid AND p.key = "
                    + q.bind(c.key()) + " AND " + Predicates.string(q, "p.value", c) + ")";
            case TAG -> "EXISTS (SELECT 1 FROM tags t WHERE t.run_uuid = r.run_uuid AND t.key = "
                    + q.bind(c.key()) + " AND " + Predicates.string(q, "t.value", c) + ")";
            case ATTRIBUTE -> attribute(q, c);
            case DATASET -> dataset(q, c);
        };
    }

    private static String attribute(SqlQuery q, Comparison c) {
        String key = c.key().toLowerCase(Locale.ROOT);
        if (STRING_ATTRIBUTES.containsKey(key)) {
            return Predicates.string(q, STRING_ATTRIBUTES.get(key), c);
        }
        if (NUMBER_ATTRIBUTES.containsKey(key)) {
            return Predicates.number(q, NUMBER_ATTRIBUTES.get(key), c);
        }
        throw CapstanException.invalid("Invalid attribute key '%s': expected one of %s", c.key(), attributeNames());
    }

    private static String dataset(SqlQuery q, Comparison c) {
        String column = switch (c.key()) {
            case "name" -> "d.name";
            case "digest" -> "d.digest";
            case "context" -> "it.value";
            default -> throw CapstanException.invalid(
                    "Invalid dataset key '%s': expected one of name, digest, context", c.key());
        };
        String join = c.key().equals("context")
                ? " JOIN run_input_tags it ON it.run_uuid = ri.run_uuid AND it.dataset_uuid = ri.dataset_uuid"
                + " AND it.key = 'mlflow.data.context'" : "";
        return "EXISTS (SELECT 1 FROM run_inputs ri JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid" + join
                + " WHERE ri.run_uuid = r.run_uuid AND " + Predicates.string(q, column, c) + ")";
    }

    private static void joinOrderKey(SqlQuery q, OrderKey key, int i) {
        String table = switch (key.type()) {
            case METRIC -> "latest_metrics";
            case PARAM -> "params";
            case TAG -> "tags";
            default -> null;
        };
        if (table != null) {
            q.append(" LEFT JOIN ").append(table).append(" o").append(String.valueOf(i))
                    .append(" ON o").append(i + ".run_uuid = r.run_uuid AND o").append(i + ".key = ")
                    .append(q.bind(key.key()));
        }
    }

    private static String orderTerms(OrderKey key, int i) {
        String direction = key.ascending() ? " ASC" : " DESC";
        String alias = "o" + i;
        return switch (key.type()) {
            case METRIC -> "CASE WHEN " + alias + ".run_uuid IS NULL THEN 2 WHEN " + alias + ".is_nan = 1 THEN 1 ELSE 0 END, "
                    + alias + ".value" + direction;
            case PARAM, TAG -> "CASE WHEN " + alias + ".run_uuid IS NULL THEN 1 ELSE 0 END, " + alias + ".value" + direction;
            case ATTRIBUTE -> attributeOrder(key) + direction;
            case DATASET -> throw CapstanException.invalid("Cannot order runs by dataset key '%s'", key.key());
        };
    }

    private static String attributeOrder(OrderKey key) {
        String name = key.key().toLowerCase(Locale.ROOT);
        String column = STRING_ATTRIBUTES.getOrDefault(name, NUMBER_ATTRIBUTES.get(name));
        if (column == null) {
            throw CapstanException.invalid("Invalid order_by key 'attributes.%s': expected one of %s", key.key(), attributeNames());
        }
        return "CASE WHEN " + column + " IS NULL THEN 1 ELSE 0 END, " + column;
    }

    private static String attributeNames() {
        return "run_id, run_name, status, user_id, artifact_uri, lifecycle_stage, start_time, created, end_time";
    }
}
