package dev.capstan.registry;

import java.util.List;
import java.util.Map;

/**
 * The three-way lock of a model version: the code (git commit, and whether the working tree had uncommitted
 * changes), the data (digests of the run's input datasets) and the parameters that produced it, with the run's
 * metrics, when and by whom it was trained, and who approved each promotion. It is taken from the version's run when
 * the version is registered (again once that run ends, if it was still running) and never changes afterwards;
 * what the run did not record is {@code null} or empty.
 */
public record VersionLock(
        String name,
        String version,
        String runId,
        String codeCommit,
        Boolean codeDirty,
        String codeSource,
        List<DataVersion> data,
        Map<String, String> params,
        Map<String, Double> metrics,
        Long trainedAt,
        String trainedBy,
        List<Approval> approvals) {

    /** Run tag holding the git commit of the code, as MLflow clients set it. */
    public static final String GIT_COMMIT_TAG = "mlflow.source.git.commit";
    /** Run tag saying whether the git working tree had uncommitted changes ({@code true}/{@code false}); Capstan's. */
    public static final String GIT_DIRTY_TAG = "capstan.source.git.dirty";
    /** Run tags naming the code: the repository URL, else the entry point, as MLflow clients set them. */
    public static final String GIT_REPO_TAG = "mlflow.source.git.repoURL";
    public static final String SOURCE_NAME_TAG = "mlflow.source.name";

    /** One input dataset of the run: its name, content digest, where it was read from, and its role (training...). */
    public record DataVersion(String name, String digest, String source, String context) {
    }

    /** One promotion: {@code stage:Production} or {@code alias:champion}, who approved it and when (epoch ms). */
    public record Approval(String action, String approvedBy, long approvedAt) {
    }
}
