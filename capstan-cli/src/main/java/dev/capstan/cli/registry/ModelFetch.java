package dev.capstan.cli.registry;

import dev.capstan.CapstanException;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.registry.ModelDownloads;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelUri;
import dev.capstan.registry.ModelVersion;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Options and steps shared by the commands that take a model ({@code models download|predict}, {@code evaluate}):
 * resolve a {@code models:/} URI, then download.
 */
public final class ModelFetch {

    @Option(names = "--artifacts-destination", paramLabel = "URI", defaultValue = "./capstan-data/artifacts",
            description = "Where a local tracking store (sqlite, postgresql) keeps proxied mlflow-artifacts:/ files, "
                    + "as `capstan server --artifacts-destination` (default: ${DEFAULT-VALUE}).")
    String artifactsDestination;

    /** Where a local tracking store keeps proxied artifacts. */
    public String artifactsDestination() {
        return artifactsDestination;
    }

    /** A resolved and downloaded version. */
    public record Fetched(ModelVersion version, String downloadUri, Path dir) {
    }

    /**
     * A model to use here: a directory as it is, or a {@code models:/} URI downloaded to a temporary directory that
     * {@link LocalModel#close} removes.
     */
    public LocalModel local(TrackingOptions tracking, String model) {
        if (!model.startsWith("models:")) {
            Path dir = Path.of(model);
            if (!Files.isDirectory(dir)) {
                throw CapstanException.invalid("Model '%s' is neither a models:/ URI nor a directory", model);
            }
            return new LocalModel(dir, null);
        }
        try {
            Path temp = Files.createTempDirectory("capstan-model-");
            try {
                return new LocalModel(fetch(tracking, model, temp).dir(), temp);
            } catch (RuntimeException e) {
                LocalModel.delete(temp);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model's directory, and the temporary one it was downloaded to (null for a given directory). */
    public record LocalModel(Path dir, Path temp) implements AutoCloseable {

        @Override
        public void close() {
            delete(temp);
        }

        static void delete(Path dir) {
            if (dir == null) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
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
