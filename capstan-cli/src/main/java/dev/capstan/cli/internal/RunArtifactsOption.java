package dev.capstan.cli.internal;

import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.store.StoreUri;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.store.artifact.ArtifactStores;
import picocli.CommandLine.Option;

/**
 * {@code --artifacts-destination}: where a run's artifacts (stage logs, trained models) go when the tracking store is
 * a database, as for the server.
 */
public final class RunArtifactsOption {

    @Option(names = "--artifacts-destination", paramLabel = "URI", defaultValue = ArtifactStores.DEFAULT_DESTINATION,
            description = "The artifact store of the tracking database's server, for run artifacts (default: "
                    + "${DEFAULT-VALUE}).")
    private String destination;

    /** The store behind {@code mlflow-artifacts:} locations; null when tracking goes to a server. */
    public ArtifactStore open(TrackingOptions tracking) {
        return StoreUri.parse(tracking.uri()).scheme() == StoreUri.Scheme.HTTP ? null : ArtifactStores.open(destination);
    }
}
