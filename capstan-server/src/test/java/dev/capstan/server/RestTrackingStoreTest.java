package dev.capstan.server;

import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStoreContract;
import dev.capstan.tracking.internal.RestTrackingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The whole tracking contract through the wire: REST store → real HTTP server → SQLite. */
class RestTrackingStoreTest extends TrackingStoreContract {

    @TempDir
    static Path dir;
    private static TestServer server;
    private static TrackingStore store;

    @BeforeAll
    static void start() {
        server = new TestServer(dir);
        store = new RestTrackingStore(server.url());
    }

    @AfterAll
    static void stop() {
        store.close();
        server.close();
    }

    @Override
    protected TrackingStore store() {
        return store;
    }
}
