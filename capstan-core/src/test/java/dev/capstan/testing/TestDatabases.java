package dev.capstan.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Real databases for tests: a SQLite file in a temporary directory, or a fresh database on the PostgreSQL server at
 * {@code CAPSTAN_TEST_POSTGRES} (default {@code postgresql://postgres@127.0.0.1:5432/test}); PostgreSQL tests are
 * skipped with a reason when no server is reachable.
 */
public final class TestDatabases {

    public static final String POSTGRES_ADMIN_URI = System.getenv().getOrDefault("CAPSTAN_TEST_POSTGRES",
            "postgresql://postgres@127.0.0.1:5432/test");

    private TestDatabases() {
    }

    public static String sqlite(Path dir) {
        return "sqlite:///" + dir.toAbsolutePath().resolve("capstan.db");
    }

    /** Creates an empty PostgreSQL database and returns its URI; skips the test when PostgreSQL is unreachable. */
    public static String freshPostgres() {
        String name = "capstan_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            Assumptions.abort("PostgreSQL is not reachable at " + POSTGRES_ADMIN_URI + " (" + e.getMessage()
                    + "); start it, e.g. `pg_ctlcluster --skip-systemctl-redirect 15 main start`, or set CAPSTAN_TEST_POSTGRES");
        }
        return POSTGRES_ADMIN_URI.substring(0, POSTGRES_ADMIN_URI.lastIndexOf('/') + 1) + name;
    }

    public static void dropPostgres(String uri) {
        String name = uri.substring(uri.lastIndexOf('/') + 1);
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException ignored) {
            // best effort: a leftover test database is harmless
        }
    }

    private static Connection adminConnection() throws SQLException {
        String rest = POSTGRES_ADMIN_URI.substring("postgresql://".length());
        String user = rest.contains("@") ? rest.substring(0, rest.indexOf('@')) : "postgres";
        String hostAndDb = rest.substring(rest.indexOf('@') + 1);
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection("jdbc:postgresql://" + hostAndDb, user, null);
    }
}
