package dev.capstan.cli.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;

/**
 * Writes a command's {@code --output} file whole or not at all: into a temporary file beside it, then renamed over
 * it, so that a killed command never leaves a half-written file where a complete one is expected.
 */
public final class OutputFiles {

    private OutputFiles() {
    }

    /** A temporary file is private (rw-------); the output it becomes is a normal file (rw-r--r--). */
    private static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Writes what {@code content} prints, as UTF-8, to {@code file}, creating its directory if needed. */
    public static void write(Path file, Consumer<PrintWriter> content) {
        Path target = file.toAbsolutePath();
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part");
            readableByAll(temp);
            try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
                 PrintWriter out = new PrintWriter(writer)) {
                content.accept(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            // a stray temporary file is harmless
        }
    }
}
