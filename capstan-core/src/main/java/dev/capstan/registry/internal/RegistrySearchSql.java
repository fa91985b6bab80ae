package dev.capstan.registry.internal;

import dev.capstan.CapstanException;
import dev.capstan.store.internal.Predicates;
import dev.capstan.store.internal.SqlQuery;
import dev.capstan.tracking.search.Comparison;
import dev.capstan.tracking.search.EntityType;
import dev.capstan.tracking.search.OrderKey;
import dev.capstan.tracking.search.SearchFilter;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles registry searches in MLflow's filter grammar: registered models by {@code name} and tags; model
 * versions by {@code name}, {@code run_id}, {@code source_path}, {@code version_number} and tags.
 */
final class RegistrySearchSql {

    /** How one kind of registry entity is searched: its table alias, keys, tag table and default order. */
    enum Target {
        MODELS("m", "registered_models", Map.of("name", "m.name"),
                Map.of("creation_timestamp", "m.creation_time", "last_updated_timestamp", "m.last_updated_time",
                        "timestamp", "m.last_updated_time"),
                "registered_model_tags t WHERE t.name = m.name", "m.name ASC"),
        VERSIONS("v", "model_versions", Map.of("name", "v.name", "run_id", "v.run_id", "source_path", "v.source",
                "current_stage", "v.current_stage"),
                Map.of("version_number", "v.version", "creation_timestamp", "v.creation_time",
                        "last_updated_timestamp", "v.last_updated_time", "timestamp", "v.last_updated_time"),
                "model_version_tags t WHERE t.name = v.name AND t.version = v.version",
                "v.last_updated_time DESC, v.name ASC, v.version DESC");

        final String alias;
        final String table;
        final Map<String, String> strings;
        final Map<String, String> numbers;
        final String tagJoin;
        final String defaultOrder;

        Target(String alias, String table, Map<String, String> strings, Map<String, String> numbers, String tagJoin,
               String defaultOrder) {
            this.alias = alias;
            this.table = table;
            this.strings = strings;
            this.numbers = numbers;
            this.tagJoin = tagJoin;
            this.defaultOrder = defaultOrder;
        }
    }

    private RegistrySearchSql() {
    }

    static SqlQuery build(Target target, String columns, String filter, List<String> orderBy, int limit, int offset) {
        SqlQuery q = new SqlQuery().append("SELECT ").append(columns).append(" FROM ").append(target.table)
                .append(" ").append(target.alias).append(" WHERE 1 = 1");
        if (target == Target.VERSIONS) {
            q.append(" AND v.current_stage <> '").append(SqlModelRegistryStore.DELETED_STAGE).append("'");
        }
        for (Comparison c : SearchFilter.parse(filter)) {
            q.append(" AND ").append(predicate(q, target, c));
        }
        q.append(" ORDER BY ");
        for (String clause : orderBy == null ? List.<String>of() : orderBy) {
            OrderKey key = OrderKey.parse(clause);
            q.append(column(target, key.type(), key.key())).append(key.ascending() ? " ASC, " : " DESC, ");
        }
        q.append(target.defaultOrder);
        return q.append(" LIMIT ").append(q.bind(limit)).append(" OFFSET ").append(q.bind(offset));
    }

    private static String predicate(SqlQuery q, Target target, Comparison c) {
        if (c.type() == EntityType.TAG) {
            return "EXISTS (SELECT 1 FROM " + target.tagJoin + " AND t.key = " + q.bind(c.key()) + " AND "
                    + Predicates.string(q, "t.value", c) + ")";
        }
        String column = column(target, c.type(), c.key());
        return target.strings.containsValue(column) ? Predicates.string(q, column, c) : Predicates.number(q, column, c);
    }

    private static String column(Target target, EntityType type, String key) {
        String name = key.toLowerCase(Locale.ROOT);
        if (type == EntityType.ATTRIBUTE && target.strings.containsKey(name)) {
            return target.strings.get(name);
        }
        if (type == EntityType.ATTRIBUTE && target.numbers.containsKey(name)) {
            return target.numbers.get(name);
        }
        throw CapstanException.invalid("Invalid search key '%s' for %s: expected one of %s, %s or tags.<key>", key,
                target.table.replace('_', ' '), target.strings.keySet(), target.numbers.keySet());
    }
}
