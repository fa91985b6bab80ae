package dev.capstan.validate.internal;

import dev.capstan.CapstanException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The checks and messages shared by the file sources, so that every format fails alike on a bad path. */
public final class SourceFiles {

    private SourceFiles() {
    }

    /** Throws unless {@code file} is a regular file this process may read. */
    public static void checkReadable(Path file) {
        if (!Files.exists(file)) {
            throw CapstanException.notFound("%s: no such file", file);
        }
        if (Files.isDirectory(file)) {
            throw CapstanException.invalid("%s: is a directory, expected a table file", file);
        }
        if (!Files.isRegularFile(file)) {
            throw CapstanException.invalid("%s: is not a regular file", file);
        }
        if (!Files.isReadable(file)) {
            throw CapstanException.invalid("%s: cannot be read (permission denied)", file);
        }
    }

    /** The exception for a file that could not be opened. */
    static CapstanException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return CapstanException.notFound("%s: no such file", file);
        }
        if (e instanceof AccessDeniedException) {
            return CapstanException.invalid("%s: cannot be read (permission denied)", file);
        }
        return CapstanException.invalid("%s: cannot be read: %s", file, e.getMessage());
    }
}
