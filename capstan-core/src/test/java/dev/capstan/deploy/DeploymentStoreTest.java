package dev.capstan.deploy;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Deployments and their audit trail in a real SQLite database. */
class DeploymentStoreTest {

    @TempDir
    Path dir;

    @Test
    void recordsEveryTransitionAndKeepsTheTrailAfterDelete() {
        try (DeploymentStore store = DeploymentStore.open(TestDatabases.sqlite(dir))) {
            DeploymentSpec spec = DeploymentSpec.parse("{name: churn, strategy: canary, primary: 'models:/churn/1', "
                    + "candidate: 'models:/churn/2', weight: 10}", "f");
            Deployment d = new Deployment(spec, DeploymentStatus.ACTIVE, 10, 0, "1", "2", null, 1000, 1000);
            store.create(d, "alice", "first canary");
            CapstanException twice = catchThrowableOfType(CapstanException.class,
                    () -> store.create(d, "alice", null));
            assertThat(twice.code()).isEqualTo(ErrorCode.RESOURCE_ALREADY_EXISTS);

            store.update(d.with(DeploymentStatus.ACTIVE, 50, 0, null, 2000), "bob", "set-weight", "looks good");
            store.update(d.with(DeploymentStatus.PROMOTED, 100, 0, "promoted by bob", 3000).withVersions("2", null,
                    3000), "bob", "promote", null);
            Deployment stored = store.get("churn").orElseThrow();
            assertThat(stored.status()).isEqualTo(DeploymentStatus.PROMOTED);
            assertThat(stored.primaryVersion()).isEqualTo("2");
            assertThat(stored.candidateVersion()).isNull();
            assertThat(stored.spec()).isEqualTo(spec);

            store.delete("churn", "carol", 4000);
            assertThat(store.get("churn")).isEmpty();
            assertThat(store.events("churn")).extracting(DeploymentEvent::action)
                    .containsExactly("create", "set-weight", "promote", "delete");
            assertThat(store.events("churn")).extracting(DeploymentEvent::actor)
                    .containsExactly("alice", "bob", "bob", "carol");
            assertThat(store.events("churn").get(1).reason()).isEqualTo("looks good");
            assertThat(store.events("churn").get(1).weight()).isEqualTo(50);
        }
    }

    @Test
    void updatingAnUnknownDeploymentIsNotFound() {
        try (DeploymentStore store = DeploymentStore.open(TestDatabases.sqlite(dir))) {
            DeploymentSpec spec = DeploymentSpec.parse("{name: x, strategy: single, primary: p}", "f");
            CapstanException e = catchThrowableOfType(CapstanException.class, () -> store.update(
                    new Deployment(spec, DeploymentStatus.ACTIVE, 0, 0, "1", null, null, 1, 1), "a", "promote", null));
            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
        }
    }
}
