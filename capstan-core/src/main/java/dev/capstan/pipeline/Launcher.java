package dev.capstan.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code capstan} launcher running this process: {@code $CAPSTAN_COMMAND}, which the launcher sets, or the
 * system property {@code capstan.command}. Stage commands find it first on their PATH, so that a stage's
 * {@code capstan ...} runs the same Capstan as the repro.
 */
public final class Launcher {

    private Launcher() {
    }

    /** The launcher's directory, or empty when this process was not started by one. */
    public static Optional<Path> directory() {
        String launcher = System.getProperty("capstan.command", System.getenv("CAPSTAN_COMMAND"));
        if (launcher == null || launcher.isBlank()) {
            return Optional.empty();
        }
        Path file = Path.of(launcher).toAbsolutePath();
        return Files.isRegularFile(file) ? Optional.of(file.getParent()) : Optional.empty();
    }
}
