package dev.capstan.data.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-or-nothing file writes: content goes to a temporary name in the target's own directory and is then renamed
 * over the target, so a process killed at any point never leaves a partial file under the final name.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** A fresh temporary name beside {@code target}: {@code .<name>.<random>.tmp}. */
    public static Path tempBeside(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong() & Long.MAX_VALUE) + ".tmp");
    }

    public static void write(Path target, byte[] content) {
        Path temp = tempBeside(target);
        try {
            Files.write(temp, content);
            rename(temp, target);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /** Renames {@code temp} over {@code target}, atomically where the file system allows. */
    public static void rename(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static void deleteQuietly(Path path) {
        try {
            if (path != null) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a stray temporary file is harmless: its name never collides with an object's
        }
    }
}
