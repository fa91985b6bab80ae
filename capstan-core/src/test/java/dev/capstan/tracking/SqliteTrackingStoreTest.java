package dev.capstan.tracking;

import dev.capstan.store.Database;
import dev.capstan.testing.TestDatabases;
import dev.capstan.tracking.internal.SqlTrackingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteTrackingStoreTest extends TrackingStoreContract {

    @TempDir
    static Path dir;
    private static TrackingStore store;

    @BeforeAll
    static void open() {
        store = new SqlTrackingStore(Database.open(TestDatabases.sqlite(dir)));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected TrackingStore store() {
        return store;
    }
}
