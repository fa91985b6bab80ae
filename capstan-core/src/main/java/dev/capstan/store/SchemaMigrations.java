package dev.capstan.store;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;

import java.util.Map;

/**
 * The versioned schema (Flyway, {@code classpath:db/migration}): one set of migrations written in the SQL that
 * SQLite and PostgreSQL share; the only dialect-specific text is a storage clause, filled in by a placeholder. A new database is created at the current version; an old one is never changed
 * behind the user's back.
 */
final class SchemaMigrations {

    private final Database db;
    private final Flyway flyway;

    SchemaMigrations(Database db) {
        this.db = db;
        this.flyway = Flyway.configure()
                .dataSource(db.writeDataSource())
                .locations("classpath:db/migration")
                .table("capstan_schema_history")
                .placeholders(Map.of("clustered_table", db.dialect() == Dialect.SQLITE ? "WITHOUT ROWID" : ""))
                .loggers("slf4j")
                .load();
    }

    /** Creates the schema of an empty database, or fails if an existing schema is out of date. */
    void requireCurrent() {
        MigrationInfoService info = flyway.info();
        MigrationInfo current = info.current();
        if (current == null) {
            upgrade();
            return;
        }
        if (info.pending().length > 0) {
            throw new CapstanException(ErrorCode.INVALID_STATE, String.format(
                    "The database schema at %s is out of date (version %s, this Capstan needs %s). "
                            + "Back up the database, then run: capstan db upgrade %s",
                    db.uri(), current.getVersion(), latest(info), db.uri()));
        }
        if (info.applied().length > 0 && isFuture(info)) {
            throw new CapstanException(ErrorCode.INVALID_STATE, String.format(
                    "The database schema at %s (version %s) was written by a newer Capstan; upgrade Capstan to use it",
                    db.uri(), current.getVersion()));
        }
    }

    /** Applies pending migrations; returns the resulting schema version. */
    String upgrade() {
        try {
            flyway.migrate();
        } catch (RuntimeException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR,
                    "Schema upgrade of " + db.uri() + " failed: " + e.getMessage(), e);
        }
        return flyway.info().current().getVersion().toString();
    }

    private static String latest(MigrationInfoService info) {
        MigrationInfo[] all = info.all();
        return all[all.length - 1].getVersion().toString();
    }

    private static boolean isFuture(MigrationInfoService info) {
        for (MigrationInfo m : info.applied()) {
            if (m.getState().name().startsWith("FUTURE")) {
                return true;
            }
        }
        return false;
    }
}
