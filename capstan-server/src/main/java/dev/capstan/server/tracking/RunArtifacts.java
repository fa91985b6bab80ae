package dev.capstan.server.tracking;

import dev.capstan.CapstanException;
import dev.capstan.store.artifact.ArtifactFile;
import dev.capstan.store.artifact.ArtifactPaths;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.TrackingStore;

import java.net.URI;
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

    Map<String, Object> list(String runId, String path) {
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

    /** The path in the artifact store of a {@code mlflow-artifacts:/path} or {@code mlflow-artifacts://host/path} URI. */
    static String storePath(String artifactUri) {
        URI uri = artifactUri == null ? null : URI.create(artifactUri);
        if (uri == null || !"mlflow-artifacts".equals(uri.getScheme()) || uri.getPath() == null) {
            throw CapstanException.invalid("The artifacts of this run are stored at %s, outside this server's artifact "
                    + "store; list them with a client that can reach that location", artifactUri);
        }
        return ArtifactPaths.validateRelative(uri.getPath().replaceFirst("^/+", ""));
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
