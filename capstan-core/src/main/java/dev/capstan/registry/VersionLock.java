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

    /** One input dataset of the run: its name, content digest, where it was read from, and its role (training...). */
    public record DataVersion(String name, String digest, String source, String context) {
    }

    /** One promotion: {@code stage:Production} or {@code alias:champion}, who approved it and when (epoch ms). */
    public record Approval(String action, String approvedBy, long approvedAt) {
    }
}
