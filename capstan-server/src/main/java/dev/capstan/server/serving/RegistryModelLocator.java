package dev.capstan.server.serving;

import dev.capstan.CapstanException;
import dev.capstan.registry.ModelDownloads;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelUri;
import dev.capstan.registry.ModelVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Locates models by {@code models:/} URI in a model registry, downloading each version once into a temporary
 * directory that {@link #close} removes, or by a directory path (served in place, as version 1). The registry is
 * opened on first use, so that serving directories needs no tracking store. Thread-safe.
 */
public final class RegistryModelLocator implements ModelLocator {

    private final Supplier<ModelRegistryStore> registry;
    private final String trackingUri;
    private final String artifactsDestination;
    private ModelRegistryStore store;
    private Path downloads;

    /**
     * @param registry             opens the registry; the locator closes what it opens
     * @param trackingUri          the tracking store's URI, for {@code mlflow-artifacts:} files behind a server
     * @param artifactsDestination where a database store's proxied artifacts live (as {@code capstan server})
     */
    public RegistryModelLocator(Supplier<ModelRegistryStore> registry, String trackingUri,
                                String artifactsDestination) {
        this.registry = registry;
        this.trackingUri = trackingUri;
        this.artifactsDestination = artifactsDestination;
    }

    @Override
    public ModelRef resolve(String uri) {
        if (!uri.startsWith("models:")) {
            Path dir = Path.of(uri);
            if (!Files.isRegularFile(dir.resolve("MLmodel"))) {
                throw CapstanException.invalid("Model '%s' is neither a models:/ URI nor a directory with an MLmodel "
                        + "file", uri);
            }
            Path name = dir.toAbsolutePath().normalize().getFileName();
            return new ModelRef(uri, name == null ? "model" : name.toString(), "1", false);
        }
        ModelUri parsed = ModelUri.parse(uri);
        ModelVersion version = store().resolve(parsed);
        return new ModelRef(uri, version.name(), version.version(), parsed.version() == null);
    }

    @Override
    public synchronized Path fetch(ModelRef ref) {
        if (!ref.uri().startsWith("models:")) {
            return Path.of(ref.uri());
        }
        Path target = downloads().resolve(safe(ref.name())).resolve(ref.version());
        if (Files.isRegularFile(target.resolve("MLmodel"))) {
            return target;
        }
        String downloadUri = store().getDownloadUri(ref.name(), ref.version());
        return ModelDownloads.download(downloadUri, trackingUri, artifactsDestination, target);
    }

    private synchronized ModelRegistryStore store() {
        if (store == null) {
            store = registry.get();
        }
        return store;
    }

    private Path downloads() {
        if (downloads == null) {
            try {
                downloads = Files.createTempDirectory("capstan-serving-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return downloads;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
        }
        if (downloads != null) {
            try (Stream<Path> paths = Files.walk(downloads)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
