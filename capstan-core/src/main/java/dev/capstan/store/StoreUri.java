package dev.capstan.store;

import dev.capstan.CapstanException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * A parsed metadata-store URI. Accepted forms, as MLflow spells them:
 * {@code sqlite:///relative/path.db}, {@code sqlite:////absolute/path.db},
 * {@code postgresql://user[:password]@host[:port]/db[?options]} (also {@code postgres://}),
 * and {@code http(s)://host:port} for a remote Capstan or MLflow server.
 */
public record StoreUri(Scheme scheme, String original, String jdbcUrl, String user, String password) {

    /** The kind of store a URI names. */
    public enum Scheme { SQLITE, POSTGRESQL, HTTP }

    /** The default store: a SQLite file under the working directory. */
    public static final String DEFAULT = "sqlite:///./capstan-data/capstan.db";

    public static StoreUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw CapstanException.invalid("Store URI is empty; expected for example %s", DEFAULT);
        }
        if (uri.startsWith("sqlite:")) {
            return sqlite(uri);
        }
        if (uri.startsWith("postgresql:") || uri.startsWith("postgres:") || uri.startsWith("postgresql+")) {
            return postgresql(uri);
        }
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            return new StoreUri(Scheme.HTTP, uri, null, null, null);
        }
        throw CapstanException.invalid(
                "Unsupported store URI '%s': expected sqlite:///path.db, postgresql://user@host:port/db or http(s)://host:port",
                uri);
    }

    /** The SQLite database file, for SQLite URIs. */
    public Path sqliteFile() {
        return Path.of(jdbcUrl.substring("jdbc:sqlite:".length()));
    }

    private static StoreUri sqlite(String uri) {
        if (!uri.startsWith("sqlite:///")) {
            throw CapstanException.invalid("Invalid SQLite URI '%s': expected sqlite:///relative.db or sqlite:////absolute.db", uri);
        }
        String path = uri.substring("sqlite:///".length());
        if (path.isEmpty() || path.equals(":memory:")) {
            throw CapstanException.invalid("Invalid SQLite URI '%s': a database file path is required, expected sqlite:///path.db", uri);
        }
        Path file = Path.of(path).toAbsolutePath().normalize();
        return new StoreUri(Scheme.SQLITE, uri, "jdbc:sqlite:" + file, null, null);
    }

    private static StoreUri postgresql(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri.replaceFirst("^postgres(ql)?(\\+\\w+)?:", "postgresql:"));
        } catch (URISyntaxException e) {
            throw CapstanException.invalid("Invalid PostgreSQL URI '%s': %s", uri, e.getReason());
        }
        String database = parsed.getPath() == null ? "" : parsed.getPath().replaceFirst("^/", "");
        if (parsed.getHost() == null || database.isEmpty()) {
            throw CapstanException.invalid("Invalid PostgreSQL URI '%s': expected postgresql://user@host:port/database", uri);
        }
        String port = parsed.getPort() == -1 ? "" : ":" + parsed.getPort();
        String query = parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery();
        String userInfo = parsed.getUserInfo();
        String user = userInfo == null ? null : userInfo.split(":", 2)[0];
        String password = userInfo == null || !userInfo.contains(":") ? null : userInfo.split(":", 2)[1];
        String jdbc = "jdbc:postgresql://" + parsed.getHost() + port + "/" + database + query;
        return new StoreUri(Scheme.POSTGRESQL, uri, jdbc, user, password);
    }

    /** The URI with any password masked, safe to print in logs and errors. */
    @Override
    public String toString() {
        return password == null ? original : original.replace(":" + password + "@", ":***@");
    }
}
