package dev.capstan.store;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The migrations produce exactly the committed schema, and an out-of-date database is refused, not changed. */
class SchemaTest {

    private static final Path EXPECTED = Path.of("src/test/resources/schema/sqlite-schema.sql");

    @TempDir
    Path dir;

    @Test
    void migratingAnEmptyDatabaseYieldsTheCommittedSchema() throws Exception {
        String uri = TestDatabases.sqlite(dir);
        Database.open(uri).close();
        String actual = dump(uri);
        if (Boolean.getBoolean("capstan.updateSchemaDump")) {
            Files.writeString(EXPECTED, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(EXPECTED, StandardCharsets.UTF_8));
    }

    @Test
    void outOfDateSchemaIsRefusedWithTheUpgradeCommand() throws Exception {
        String uri = TestDatabases.sqlite(dir);
        Database.open(uri).close();
        execute(uri, "UPDATE capstan_schema_history SET version = '4.9' WHERE version = '5'");

        CapstanException e = catchThrowableOfType(CapstanException.class, () -> Database.open(uri));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE);
        assertThat(e.getMessage()).contains("out of date").contains("capstan db upgrade " + uri);
    }

    @Test
    void upgradeIsIdempotentOnACurrentSchema() {
        String uri = TestDatabases.sqlite(dir);
        assertThat(Database.upgrade(uri)).isEqualTo("5");
        assertThat(Database.upgrade(uri)).isEqualTo("5");
        Database.open(uri).close();
    }

    @Test
    void postgresMigratesToTheSameTables() throws Exception {
        String uri = TestDatabases.freshPostgres();
        try {
            Database.open(uri).close();
            try (Database db = Database.open(uri)) {
                List<String> tables = db.read(h -> h.createQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = 'public' ORDER BY table_name").mapTo(String.class).list());
                assertThat(tables).containsExactly("capstan_schema_history", "datasets", "deployment_events", "deployments",
                        "experiment_tags",
                        "experiments", "latest_metrics", "metrics", "model_version_approvals", "model_version_locks",
                        "model_version_tags", "model_versions", "params",
                        "registered_model_aliases", "registered_model_tags", "registered_models", "run_input_tags",
                        "run_inputs", "runs", "schedule_runs", "schedules", "tags");
            }
        } finally {
            TestDatabases.dropPostgres(uri);
        }
    }

    private static String dump(String uri) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(StoreUri.parse(uri).jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL "
                     + "AND name NOT LIKE 'capstan_schema_history%' ORDER BY type DESC, name")) {
            while (rs.next()) {
                statements.add(rs.getString(1).strip() + ";");
            }
        }
        return String.join("\n\n", statements) + "\n";
    }

    private static void execute(String uri, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(StoreUri.parse(uri).jdbcUrl()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
