package dev.capstan.registry;

import dev.capstan.registry.internal.RestModelRegistryStore;
import dev.capstan.registry.internal.SqlModelRegistryStore;
import dev.capstan.store.Database;
import dev.capstan.store.StoreUri;

/**
 * The one registry of model registry store implementations, chosen by URI scheme like
 * {@link dev.capstan.tracking.TrackingStores}: {@code sqlite:} and {@code postgresql:} open the SQL store (in the
 * tracking database), {@code http(s):} talks to a remote server's REST API.
 */
public final class ModelRegistryStores {

    private ModelRegistryStores() {
    }

    /** Opens the store at {@code uri}; closing it closes the database it opened. */
    public static ModelRegistryStore open(String uri) {
        return StoreUri.parse(uri).scheme() == StoreUri.Scheme.HTTP
                ? new RestModelRegistryStore(uri)
                : SqlModelRegistryStore.owning(Database.open(uri));
    }
}
