package dev.capstan.registry;

import dev.capstan.registry.internal.SqlModelRegistryStore;
import dev.capstan.store.Database;
import dev.capstan.testing.TestDatabases;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.internal.SqlTrackingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteModelRegistryTest extends ModelRegistryContract {

    @TempDir
    static Path dir;
    private static Database db;
    private static TrackingStore tracking;

    @BeforeAll
    static void open() {
        db = Database.open(TestDatabases.sqlite(dir));
        tracking = new SqlTrackingStore(db);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    protected ModelRegistryStore registry() {
        return new SqlModelRegistryStore(db);
    }

    @Override
    protected TrackingStore tracking() {
        return tracking;
    }
}
