package dev.capstan.registry;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.registry.internal.RestModelRegistryStore;
import dev.capstan.registry.internal.SqlModelRegistryStore;
import dev.capstan.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryStoresTest {

    @TempDir
    Path dir;

    @Test
    void sqliteUriOpensTheSqlStoreWhichClosesItsDatabase() {
        String uri = TestDatabases.sqlite(dir);
        ModelRegistryStore store = ModelRegistryStores.open(uri);
        store.createRegisteredModel("churn", List.of(), null);
        store.close();

        assertThat(store).isInstanceOf(SqlModelRegistryStore.class);
        assertThatThrownBy(() -> store.getRegisteredModel("churn")).isInstanceOf(RuntimeException.class);
        try (ModelRegistryStore reopened = ModelRegistryStores.open(uri)) {
            assertThat(reopened.getRegisteredModel("churn").name()).isEqualTo("churn");
        }
    }

    @Test
    void httpUriOpensTheRestStore() {
        try (ModelRegistryStore store = ModelRegistryStores.open("http://127.0.0.1:5000/")) {
            assertThat(store).isInstanceOf(RestModelRegistryStore.class);
        }
    }

    @Test
    void unknownSchemeIsRefused() {
        assertThatThrownBy(() -> ModelRegistryStores.open("mysql://db/x")).isInstanceOf(CapstanException.class)
                .extracting(e -> ((CapstanException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
    }
}
