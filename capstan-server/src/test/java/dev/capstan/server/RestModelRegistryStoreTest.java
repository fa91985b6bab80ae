package dev.capstan.server;

import dev.capstan.registry.ModelRegistryContract;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.internal.RestModelRegistryStore;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.internal.RestTrackingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The whole registry contract through the wire: REST store → real HTTP server → SQLite. */
class RestModelRegistryStoreTest extends ModelRegistryContract {

    @TempDir
    static Path dir;
    private static TestServer server;
    private static ModelRegistryStore registry;
    private static TrackingStore tracking;

    @BeforeAll
    static void start() {
        server = new TestServer(dir);
        registry = new RestModelRegistryStore(server.url());
        tracking = new RestTrackingStore(server.url());
    }

    @AfterAll
    static void stop() {
        registry.close();
        tracking.close();
        server.close();
    }

    @Override
    protected ModelRegistryStore registry() {
        return registry;
    }

    @Override
    protected TrackingStore tracking() {
        return tracking;
    }

    @Override
    protected String actor() {
        return "anonymous";
    }
}
