package dev.capstan.server.tracking;

import dev.capstan.CapstanException;
import dev.capstan.store.artifact.ArtifactFile;
import dev.capstan.store.artifact.ArtifactPaths;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.internal.SqlTrackingStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code artifacts/list} for a run: lists the run's artifact directory when it lies in this server's artifact
 * store ({@code mlflow-artifacts:/...}). Locations elsewhere are not read by the server, so a client-chosen
 * {@code artifact_location} can never make the server list arbitrary directories.
 */
public final class RunArtifacts {

    private final TrackingStore tracking;
    private final ArtifactStore store;

    public RunArtifacts(TrackingStore tracking, ArtifactStore store) {
        this.tracking = tracking;
        this.store = store;
    }

    Map<String, Object> list(String runId, String path, String pageToken) {
        RunInfo info = tracking.getRun(runId).info();
        String relative = path == null ? "" : ArtifactPaths.validateRelative(path);
        String root = storePath(info.artifactUri());
        String directory = relative.isEmpty() ? root : root + "/" + relative;
        List<Map<String, Object>> files = store.list(directory).stream()
                .map(f -> fileInfo(f, root)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("root_uri", info.artifactUri());
        body.put("files", files);
        return body;
    }

    /** The path in the artifact store of a {@code mlflow-artifacts:/} URI. */
    static String storePath(String artifactUri) {
        String prefix = SqlTrackingStore.PROXIED_ARTIFACT_ROOT;
        if (artifactUri == null || !artifactUri.startsWith(prefix.substring(0, prefix.length() - 1))) {
            throw CapstanException.invalid("The artifacts of this run are stored at %s, outside this server's artifact "
                    + "store; list them with a client that can reach that location", artifactUri);
        }
        String path = artifactUri.substring("mlflow-artifacts:".length()).replaceFirst("^/+", "");
        return ArtifactPaths.validateRelative(path);
    }

    private static Map<String, Object> fileInfo(ArtifactFile file, String root) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("path", file.relativeTo(root));
        info.put("is_dir", file.isDir());
        if (file.fileSize() != null) {
            info.put("file_size", file.fileSize());
        }
        return info;
    }
}
