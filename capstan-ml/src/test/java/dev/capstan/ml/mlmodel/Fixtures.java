package dev.capstan.ml.mlmodel;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;

/** Locates test resources. */
final class Fixtures {

    private Fixtures() {
    }

    /** A directory under {@code src/test/resources/mlmodel}. */
    static Path mlmodel(String name) {
        return resource("mlmodel/" + name);
    }

    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(Fixtures.class.getClassLoader().getResource(name), name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
