package dev.capstan.data.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The few git queries data versioning needs, through the {@code git} command. */
public final class Git {

    private Git() {
    }

    /** Whether {@code dir} is the top of a git work tree (DVC's {@code init} does not search parents). */
    public static boolean isRepoRoot(Path dir) {
        return Files.exists(dir.resolve(".git"));
    }

    /** Which of {@code paths} (relative to {@code root}, posix) git tracks, including files inside directories. */
    public static List<String> trackedFiles(Path root, List<String> paths) {
        if (paths.isEmpty()) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString(), "ls-files", "-z", "--"));
        paths.forEach(p -> command.add(":(literal)" + p));
        String out = run(command, root);
        List<String> tracked = new ArrayList<>();
        for (String f : out.split("\0")) {
            if (!f.isEmpty()) {
                tracked.add(f);
            }
        }
        return tracked;
    }

    /**
     * The files under {@code root} matching {@code patterns} that git tracks or would track (not ignored), relative
     * and posix; empty when {@code root} is not in a git work tree or git is missing.
     */
    public static Optional<List<String>> lsFiles(Path root, String... patterns) {
        if (!isRepoRoot(root)) {
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString(), "ls-files", "-z", "--cached",
                "--others", "--exclude-standard", "--"));
        command.addAll(List.of(patterns));
        try {
            List<String> files = new ArrayList<>();
            for (String f : run(command, root).split("\0")) {
                if (!f.isEmpty() && !files.contains(f)) {
                    files.add(f);
                }
            }
            return Optional.of(files);
        } catch (IllegalStateException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Whether git already ignores {@code path} (relative to {@code root}). */
    public static boolean isIgnored(Path root, String path) {
        try {
            Process p = new ProcessBuilder("git", "-C", root.toString(), "check-ignore", "-q", "--", path)
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String run(List<String> command, Path root) {
        try {
            Process p = new ProcessBuilder(command).directory(root.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("git failed: " + String.join(" ", command) + ": " + err.strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running git", e);
        }
    }
}
