package dev.capstan.store.artifact;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a run's artifacts where its artifact URI says, from a process that is not the tracking server: a
 * {@code file:} location directly, an {@code mlflow-artifacts:} one through the server's artifact store (its
 * {@code --artifacts-destination}), when the caller has it. Otherwise (a remote server) nothing can be written.
 */
public final class RunArtifacts {

    private final ArtifactStore store;
    private final String prefix;

    private RunArtifacts(ArtifactStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /**
     * The artifacts of the run whose artifact URI is {@code artifactUri}, or null when they cannot be reached from
     * here.
     *
     * @param mlflowArtifacts the store behind {@code mlflow-artifacts:} locations, or null
     */
    public static RunArtifacts of(String artifactUri, ArtifactStore mlflowArtifacts) {
        if (artifactUri == null) {
            return null;
        }
        URI uri = URI.create(artifactUri);
        if ("mlflow-artifacts".equals(uri.getScheme()) && mlflowArtifacts != null && uri.getPath() != null) {
            return new RunArtifacts(mlflowArtifacts, uri.getPath().replaceFirst("^/+", "") + "/");
        }
        if ("file".equals(uri.getScheme())) {
            return new RunArtifacts(ArtifactStores.open(artifactUri), "");
        }
        return null;
    }

    /** The artifacts directly under {@code path} ({@code ""} for the run's root), with paths relative to the run. */
    public List<ArtifactFile> list(String path) {
        return store.list(prefix + path).stream().map(f -> new ArtifactFile(f.path().substring(prefix.length()),
                f.isDir(), f.fileSize())).toList();
    }

    /** Streams the artifact {@code path}; the caller closes the stream. */
    public InputStream open(String path) {
        return store.open(prefix + path);
    }

    /** Stores a file as the artifact {@code path}. */
    public void put(String path, Path file) {
        try (InputStream content = Files.newInputStream(file)) {
            store.put(prefix + path, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the artifact " + path + ": " + e.getMessage(), e);
        }
    }

    /** Stores bytes as the artifact {@code path}. */
    public void put(String path, byte[] content) {
        store.put(prefix + path, new ByteArrayInputStream(content));
    }

    /** Stores every file under {@code dir} below the artifact directory {@code path}. */
    public void putDirectory(String path, Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                put(path + "/" + dir.relativize(file).toString().replace('\\', '/'), file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store the artifacts of " + dir + ": " + e.getMessage(), e);
        }
    }
}
