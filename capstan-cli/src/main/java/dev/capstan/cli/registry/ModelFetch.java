package dev.capstan.cli.registry;

import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.registry.ModelDownloads;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelUri;
import dev.capstan.registry.ModelVersion;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Options and steps shared by the commands that take a model ({@code models download|predict}, {@code evaluate}):
 * resolve a {@code models:/} URI, then download.
 */
public final class ModelFetch {

    @Option(names = "--artifacts-destination", paramLabel = "URI", defaultValue = "./capstan-data/artifacts",
            description = "Where a local tracking store (sqlite, postgresql) keeps proxied mlflow-artifacts:/ files, "
                    + "as `capstan server --artifacts-destination` (default: ${DEFAULT-VALUE}).")
    String artifactsDestination;

    /** A resolved and downloaded version. */
    public record Fetched(ModelVersion version, String downloadUri, Path dir) {
    }

    /** Downloads into {@code target}, or {@code ./<name>-<version>} when it is {@code null}. */
    public Fetched fetch(TrackingOptions tracking, String modelUri, Path target) {
        ModelUri uri = ModelUri.parse(modelUri);
        ModelVersion version;
        String downloadUri;
        try (ModelRegistryStore store = tracking.openRegistry()) {
            version = store.resolve(uri);
            downloadUri = store.getDownloadUri(version.name(), version.version());
        }
        Path into = target != null ? target
                : Path.of((version.name() + "-" + version.version()).replaceAll("[^A-Za-z0-9._-]", "_"));
        Path dir = ModelDownloads.download(downloadUri, tracking.uri(), artifactsDestination, into);
        return new Fetched(version, downloadUri, dir);
    }
}
