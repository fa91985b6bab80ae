package dev.capstan.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The git state of the code a run executes: the commit checked out, whether the working tree has uncommitted
 * changes, and the {@code origin} remote. Logged as run tags ({@link #tags}), it becomes the code version of the
 * model versions registered from the run. Read with the {@code git} command; absent outside a repository or without
 * git.
 */
public record GitSource(String commit, boolean dirty, String repositoryUrl) {

    /** Run tag holding the git commit of the code, as MLflow clients set it. */
    public static final String COMMIT_TAG = "mlflow.source.git.commit";
    /** Run tag saying whether the working tree had uncommitted changes ({@code true}/{@code false}); Capstan's own. */
    public static final String DIRTY_TAG = "capstan.source.git.dirty";
    /** Run tag holding the repository's URL, as MLflow clients set it. */
    public static final String REPOSITORY_TAG = "mlflow.source.git.repoURL";

    private static final long TIMEOUT_SECONDS = 10;

    /** The state of the repository containing {@code dir}, or empty when there is none or git is not installed. */
    public static Optional<GitSource> of(Path dir) {
        Optional<String> commit = git(dir, "rev-parse", "HEAD");
        if (commit.isEmpty()) {
            return Optional.empty();
        }
        boolean dirty = git(dir, "status", "--porcelain", "--untracked-files=no").map(s -> !s.isEmpty()).orElse(true);
        return Optional.of(new GitSource(commit.get(), dirty, git(dir, "remote", "get-url", "origin").orElse(null)));
    }

    /** MLflow's source tags for this state, plus Capstan's dirty flag. */
    public List<Tag> tags() {
        List<Tag> tags = new ArrayList<>(List.of(new Tag(COMMIT_TAG, commit),
                new Tag(DIRTY_TAG, Boolean.toString(dirty))));
        if (repositoryUrl != null) {
            tags.add(new Tag(REPOSITORY_TAG, repositoryUrl));
        }
        return tags;
    }

    /** The trimmed output of a successful {@code git} command, or empty. */
    private static Optional<String> git(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
