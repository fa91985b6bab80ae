package dev.capstan.store.artifact;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

/**
 * A tree of artifact files under one root: a local directory or an S3 prefix. Paths are relative to the root, use
 * {@code /}, and are checked by {@link ArtifactPaths#validateRelative} on every call; no path, including one through
 * a symbolic link, reaches outside the root.
 *
 * <p>Implementations are thread-safe and hold no state beyond their configuration, so one instance may serve every
 * request. Failures are {@link dev.capstan.CapstanException}s: {@code INVALID_PARAMETER_VALUE} for a bad path,
 * {@code RESOURCE_DOES_NOT_EXIST} for a missing file, {@code INTERNAL_ERROR} when the storage itself fails.
 */
public interface ArtifactStore {

    /**
     * Writes a file atomically, replacing any file at that path: readers see the old content or the whole new
     * content, never part of it, and a write that fails or is killed leaves nothing visible under the final name.
     * The content is streamed, never held in memory as a whole; the caller keeps ownership of the stream.
     */
    void put(String path, InputStream content);

    /**
     * Streams a file's content; the caller closes the stream.
     *
     * @throws dev.capstan.CapstanException {@code RESOURCE_DOES_NOT_EXIST} when there is no file at the path,
     *                                      {@code INVALID_PARAMETER_VALUE} when the path is a directory
     */
    InputStream open(String path);

    /**
     * The direct children of a directory ({@code ""} for the root), sorted by path; an empty list when the directory
     * does not exist or the path is a file, as MLflow does.
     */
    List<ArtifactFile> list(String path);

    /**
     * Deletes a file or a whole directory tree. Deleting a missing path is not an error, as in MLflow's artifact
     * repositories; deleting the root itself is refused.
     */
    void delete(String path);

    /** Where this store keeps its files: a {@code file:} or {@code s3:} URI. */
    URI root();
}
