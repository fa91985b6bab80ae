package dev.capstan.cli.pipeline;

import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.store.StoreUri;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.store.artifact.ArtifactStores;
import picocli.CommandLine.Option;

/** {@code --artifacts-destination}: where stage logs go when the tracking store is a database, as for the server. */
final class RunArtifactsOption {

    @Option(names = "--artifacts-destination", paramLabel = "URI", defaultValue = ArtifactStores.DEFAULT_DESTINATION,
            description = "The artifact store of the tracking database's server, for stage logs (default: "
                    + "${DEFAULT-VALUE}).")
    private String destination;

    /** The store behind {@code mlflow-artifacts:} locations; null when tracking goes to a server. */
    ArtifactStore open(TrackingOptions tracking) {
        return StoreUri.parse(tracking.uri()).scheme() == StoreUri.Scheme.HTTP ? null : ArtifactStores.open(destination);
    }
}
