package dev.capstan.tracking;

import dev.capstan.store.Database;
import dev.capstan.testing.TestDatabases;
import dev.capstan.tracking.internal.SqlTrackingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The tracking contract on a real PostgreSQL (skipped with a reason when none is reachable). */
class PostgresTrackingStoreTest extends TrackingStoreContract {

    private static String uri;
    private static TrackingStore store;

    @BeforeAll
    static void open() {
        uri = TestDatabases.freshPostgres();
        store = new SqlTrackingStore(Database.open(uri));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
            TestDatabases.dropPostgres(uri);
        }
    }

    @Override
    protected TrackingStore store() {
        return store;
    }
}
