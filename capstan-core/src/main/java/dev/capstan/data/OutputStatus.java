package dev.capstan.data;

import java.util.List;

/**
 * How one output differs from its {@code .dvc} file, in DVC's words.
 *
 * @param dvcFile the {@code .dvc} file, relative to the repository root
 * @param path    the output, relative to the repository root
 * @param status  {@code modified}, {@code deleted} or {@code not in cache}; null when up to date
 * @param changes for a directory, the files that differ inside it
 */
public record OutputStatus(String dvcFile, String path, String status, List<Change> changes) {

    public static final String MODIFIED = "modified";
    public static final String DELETED = "deleted";
    public static final String NOT_IN_CACHE = "not in cache";

    /** One file inside a tracked directory: {@code modified}, {@code deleted} or {@code new}. */
    public record Change(String path, String kind) {
    }

    public OutputStatus {
        changes = List.copyOf(changes);
    }

    public boolean upToDate() {
        return status == null;
    }
}
