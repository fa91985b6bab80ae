package dev.capstan.cli.tracking;

import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelRegistryStores;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import picocli.CommandLine.Option;

/**
 * {@code --tracking-uri}, shared by every tracking and model registry command: a database URI or a remote server's
 * URL. The registry lives in the tracking store, as in MLflow.
 */
public final class TrackingOptions {

    @Option(names = "--tracking-uri", paramLabel = "URI",
            description = "sqlite:///path.db, postgresql://user@host:port/db or http(s)://host:port of a server. "
                    + "Default: $CAPSTAN_TRACKING_URI, else $MLFLOW_TRACKING_URI, else sqlite:///./capstan-data/capstan.db")
    private String trackingUri;

    /** The tracking URI the option, the environment or the default names. */
    public String uri() {
        return TrackingStores.resolveUri(trackingUri);
    }

    /** Opens the store the option, the environment or the default names. */
    public TrackingStore open() {
        return TrackingStores.open(TrackingStores.resolveUri(trackingUri));
    }

    /** Opens the model registry of the same store. */
    public ModelRegistryStore openRegistry() {
        return ModelRegistryStores.open(TrackingStores.resolveUri(trackingUri));
    }
}
