package dev.capstan.registry;

import dev.capstan.registry.internal.SqlModelRegistryStore;
import dev.capstan.store.Database;
import dev.capstan.testing.TestDatabases;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.internal.SqlTrackingStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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

    @Test
    void aViewActingAsAUserAttributesWritesToThatUser() {
        ModelRegistryStore store = new SqlModelRegistryStore(db);
        String run = tracking.createRun(new NewRun(tracking.createExperiment("acting-as", null, List.of()), "u", null,
                null, List.of())).info().runId();
        store.createRegisteredModel("acting-as", List.of(), null);
        try (ModelRegistryStore asAna = store.actingAs("ana")) {
            assertThat(asAna.createModelVersion(new NewModelVersion("acting-as", "runs:/" + run + "/m", null,
                    List.of(), null, null)).userId()).isEqualTo("ana");
            asAna.transitionStage("acting-as", "1", Stage.PRODUCTION, true);
        }
        store.actingAs("bo").setAlias("acting-as", "champion", "1");
        assertThat(store.getVersionLock("acting-as", "1").approvals())
                .extracting(VersionLock.Approval::action, VersionLock.Approval::approvedBy)
                .containsExactly(tuple("stage:Production", "ana"), tuple("alias:champion", "bo"));
        assertThat(store.getRegisteredModel("acting-as").name()).as("closing a view leaves the database open")
                .isEqualTo("acting-as");
    }

    @Test
    void aVersionRegisteredBeforeLocksExistedIsLockedWhenFirstRead() {
        ModelRegistryStore store = new SqlModelRegistryStore(db);
        String run = tracking.createRun(new NewRun(tracking.createExperiment("pre-v3", null, List.of()), "old", null,
                null, List.of())).info().runId();
        store.createRegisteredModel("pre-v3", List.of(), null);
        store.createModelVersion(new NewModelVersion("pre-v3", "runs:/" + run + "/m", null, List.of(), null, null));
        db.write(h -> h.createUpdate("DELETE FROM model_version_locks WHERE name = 'pre-v3'").execute());

        VersionLock lock = store.getVersionLock("pre-v3", "1");

        assertThat(lock.runId()).isEqualTo(run);
        assertThat(lock.trainedBy()).isEqualTo("old");
    }

    @Override
    protected String actor() {
        return System.getProperty("user.name");
    }
}
