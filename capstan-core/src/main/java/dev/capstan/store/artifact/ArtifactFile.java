package dev.capstan.store.artifact;

import java.util.Objects;

/**
 * One entry of an artifact listing, as MLflow's {@code FileInfo}: a file with its size, or a directory (size
 * {@code null}).
 *
 * @param path     relative to the store's root, normalised, e.g. {@code sub/c.txt}; what MLflow's
 *                 {@code artifacts/list} returns when the store is rooted at the run's artifact root
 * @param isDir    whether the entry is a directory
 * @param fileSize the size in bytes of a file; {@code null} for a directory
 */
public record ArtifactFile(String path, boolean isDir, Long fileSize) {

    public ArtifactFile {
        Objects.requireNonNull(path, "path");
        if (isDir != (fileSize == null)) {
            throw new IllegalArgumentException("a directory has no size and a file has one: " + path);
        }
    }

    public static ArtifactFile file(String path, long size) {
        return new ArtifactFile(path, false, size);
    }

    public static ArtifactFile dir(String path) {
        return new ArtifactFile(path, true, null);
    }

    /**
     * The last segment of the path: what {@code GET /api/2.0/mlflow-artifacts/artifacts?path=a/b} returns as
     * {@code path} (relative to the listed directory).
     */
    public String name() {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * The path relative to {@code ancestor} (a normalised directory path, {@code ""} for the root), for callers whose
     * store is rooted above the directory that MLflow reports paths against.
     *
     * @throws IllegalArgumentException when {@code ancestor} does not contain this entry
     */
    public String relativeTo(String ancestor) {
        if (ancestor.isEmpty()) {
            return path;
        }
        if (!path.startsWith(ancestor + "/")) {
            throw new IllegalArgumentException("'" + path + "' is not under '" + ancestor + "'");
        }
        return path.substring(ancestor.length() + 1);
    }
}
