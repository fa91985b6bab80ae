package dev.capstan.tracking.internal;

import dev.capstan.store.internal.Predicates;
import dev.capstan.store.internal.SqlQuery;
import dev.capstan.CapstanException;
import dev.capstan.tracking.search.Comparison;
import dev.capstan.tracking.search.EntityType;
import dev.capstan.tracking.search.OrderKey;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Compiles an experiment search: attributes {@code name}, {@code creation_time}, {@code last_update_time}, and tags. */
final class ExperimentSearchSql {

    static final String COLUMNS = "e.experiment_id, e.name, e.artifact_location, e.lifecycle_stage, e.creation_time, "
            + "e.last_update_time";

    private static final Map<String, String> NUMBER_ATTRIBUTES = Map.of(
            "creation_time", "e.creation_time", "last_update_time", "e.last_update_time",
            "experiment_id", "e.experiment_id");

    private ExperimentSearchSql() {
    }

    static SqlQuery build(List<String> stages, List<Comparison> filter, List<OrderKey> order, int limit, int offset) {
        SqlQuery q = new SqlQuery();
        q.append("SELECT ").append(COLUMNS).append(" FROM experiments e WHERE e.lifecycle_stage IN ")
                .append(q.bindList(stages));
        for (Comparison c : filter) {
            q.append(" AND ").append(predicate(q, c));
        }
        q.append(" ORDER BY ");
        for (OrderKey key : order) {
            q.append(column(key.type(), key.key())).append(key.ascending() ? " ASC, " : " DESC, ");
        }
        q.append(order.isEmpty() ? "e.creation_time DESC, e.experiment_id ASC" : "e.experiment_id ASC");
        q.append(" LIMIT ").append(q.bind(limit)).append(" OFFSET ").append(q.bind(offset));
        return q;
    }

    private static String predicate(SqlQuery q, Comparison c) {
        if (c.type() == EntityType.TAG) {
            return "EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = "
                    + q.bind(c.key()) + " AND " + Predicates.string(q, "t.value", c) + ")";
        }
        String column = column(c.type(), c.key());
        return column.equals("e.name") ? Predicates.string(q, column, c) : Predicates.number(q, column, c);
    }

    private static String column(EntityType type, String key) {
        String name = key.toLowerCase(Locale.ROOT);
        if (type == EntityType.ATTRIBUTE && name.equals("name")) {
            return "e.name";
        }
        if (type == EntityType.ATTRIBUTE && NUMBER_ATTRIBUTES.containsKey(name)) {
            return NUMBER_ATTRIBUTES.get(name);
        }
        throw CapstanException.invalid("Invalid experiment search key '%s.%s': expected name, creation_time, "
                + "last_update_time, experiment_id or tags.<key>", type.name().toLowerCase(Locale.ROOT), key);
    }
}
