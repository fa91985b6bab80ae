package dev.capstan.registry;

import dev.capstan.registry.internal.SqlModelRegistryStore;
import dev.capstan.store.Database;
import dev.capstan.testing.TestDatabases;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.internal.SqlTrackingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The registry contract on a real PostgreSQL (skipped with a reason when none is reachable). */
class PostgresModelRegistryTest extends ModelRegistryContract {

    private static String uri;
    private static Database db;
    private static TrackingStore tracking;

    @BeforeAll
    static void open() {
        uri = TestDatabases.freshPostgres();
        db = Database.open(uri);
        tracking = new SqlTrackingStore(db);
    }

    @AfterAll
    static void close() {
        if (db != null) {
            db.close();
            TestDatabases.dropPostgres(uri);
        }
    }

    @Override
    protected ModelRegistryStore registry() {
        return new SqlModelRegistryStore(db);
    }

    @Override
    protected TrackingStore tracking() {
        return tracking;
    }

    @Override
    protected String actor() {
        return System.getProperty("user.name");
    }
}
