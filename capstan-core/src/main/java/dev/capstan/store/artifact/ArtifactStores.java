package dev.capstan.store.artifact;

import dev.capstan.CapstanException;
import dev.capstan.store.artifact.internal.FileArtifactStore;
import dev.capstan.store.artifact.internal.S3ArtifactStore;
import dev.capstan.store.artifact.internal.S3Settings;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Opens the artifact store a URI names: {@code file:} URIs and plain paths (relative ones against the working
 * directory) give a local store, {@code s3://bucket/prefix} an S3 store. All S3 stores share one client configured
 * from the environment (see {@link S3Settings}), created on first use, because clients are costly and thread-safe.
 */
public final class ArtifactStores {

    /** Where the server keeps artifacts unless told otherwise. */
    public static final String DEFAULT_DESTINATION = "./capstan-data/artifacts";

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]+):");

    private static S3Client sharedS3;

    private ArtifactStores() {
    }

    /**
     * The store at {@code uri}.
     *
     * @throws CapstanException {@code INVALID_PARAMETER_VALUE} for an unsupported scheme or an unsafe location
     */
    public static ArtifactStore open(String uri) {
        if (uri == null || uri.isBlank()) {
            throw CapstanException.invalid("Artifact store URI is empty; expected a path, file:///path or s3://bucket");
        }
        var scheme = SCHEME.matcher(uri);
        if (!scheme.find()) {
            return new FileArtifactStore(localPath(uri));
        }
        return switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
            case "file" -> new FileArtifactStore(Path.of(ArtifactPaths.validateLocation(uri)));
            case "s3" -> new S3ArtifactStore(ArtifactPaths.validateLocation(uri), sharedS3());
            default -> throw CapstanException.invalid(
                    "Unsupported artifact store URI '%s': expected a local path, file:///path or s3://bucket/prefix",
                    uri);
        };
    }

    private static Path localPath(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw CapstanException.invalid("Invalid artifact store path '%s': %s", path, e.getReason());
        }
    }

    /** The client all S3 stores share, built on first use so that a bad setting fails that call, not class loading. */
    private static synchronized S3Client sharedS3() {
        if (sharedS3 == null) {
            sharedS3 = S3Settings.fromEnvironment().newClient();
        }
        return sharedS3;
    }
}
