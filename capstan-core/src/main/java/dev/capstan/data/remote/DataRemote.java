package dev.capstan.data.remote;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;

/**
 * A DVC data remote: content-addressed objects stored under {@code files/md5/<2 hex>/<30 hex>[.dir]}, the layout
 * DVC 3 uses, so either tool can push to and pull from the same remote. Objects are named by their hash
 * ({@code d8e8fca2dc0f896fd7cb4cb0031ba249}, or with {@code .dir} for a directory listing). Implementations are
 * thread-safe: transfers run in parallel.
 */
public interface DataRemote extends AutoCloseable {

    /** The remote's URL as configured, for messages. */
    String url();

    /** Which of {@code hashes} the remote holds. */
    Set<String> contains(Collection<String> hashes);

    /** Stores the object at {@code source} under {@code hash}; it appears under its final name only when complete. */
    void upload(String hash, Path source);

    /**
     * Writes the object {@code hash} to {@code target} (created or replaced); the caller verifies its content.
     *
     * @throws dev.capstan.CapstanException {@code RESOURCE_DOES_NOT_EXIST} when the remote does not hold it
     */
    void download(String hash, Path target);

    @Override
    void close();

    /** The object's path below the remote's root: {@code files/md5/d8/e8fca2dc0f896fd7cb4cb0031ba249}. */
    static String key(String hash) {
        return "files/md5/" + hash.substring(0, 2) + "/" + hash.substring(2);
    }
}
