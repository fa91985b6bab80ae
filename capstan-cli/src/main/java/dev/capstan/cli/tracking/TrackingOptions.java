package dev.capstan.cli.tracking;

import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import picocli.CommandLine.Option;

/** {@code --tracking-uri}, shared by every tracking command: a database URI or a remote server's URL. */
public final class TrackingOptions {

    @Option(names = "--tracking-uri", paramLabel = "URI",
            description = "sqlite:///path.db, postgresql://user@host:port/db or http(s)://host:port of a server. "
                    + "Default: $CAPSTAN_TRACKING_URI, else $MLFLOW_TRACKING_URI, else sqlite:///./capstan-data/capstan.db")
    private String trackingUri;

    /** Opens the store the option, the environment or the default names. */
    public TrackingStore open() {
        return TrackingStores.open(TrackingStores.resolveUri(trackingUri));
    }
}
