package dev.capstan.store.internal;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A SQL string built piece by piece, with every value bound as a named parameter (never concatenated). */
public final class SqlQuery {

    private final StringBuilder sql = new StringBuilder();
    private final Map<String, Object> bindings = new LinkedHashMap<>();

    public SqlQuery append(String text) {
        sql.append(text);
        return this;
    }

    /** Binds {@code value} and returns its placeholder. */
    public String bind(Object value) {
        String name = "p" + bindings.size();
        bindings.put(name, value);
        return ":" + name;
    }

    /** Binds each value and returns the placeholders as {@code (:p1, :p2)}. */
    public String bindList(Collection<?> values) {
        return values.stream().map(this::bind).collect(Collectors.joining(", ", "(", ")"));
    }

    public Query on(Handle handle) {
        Query query = handle.createQuery(sql.toString());
        bindings.forEach(query::bind);
        return query;
    }

    @Override
    public String toString() {
        return sql.toString();
    }
}
