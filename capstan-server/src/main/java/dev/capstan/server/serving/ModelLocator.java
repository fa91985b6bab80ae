package dev.capstan.server.serving;

import java.nio.file.Path;

/** Finds what a model URI names and brings its files here. Implementations are thread-safe. */
public interface ModelLocator extends AutoCloseable {

    /** The version {@code uri} names now; cheap enough to call every few seconds. */
    ModelRef resolve(String uri);

    /** A local directory holding the version's MLmodel package. */
    Path fetch(ModelRef ref);

    /** Removes what {@link #fetch} downloaded. */
    @Override
    void close();
}
