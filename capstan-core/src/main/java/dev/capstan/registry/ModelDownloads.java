package dev.capstan.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import dev.capstan.store.artifact.ArtifactFile;
import dev.capstan.store.artifact.ArtifactPaths;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.store.artifact.ArtifactStores;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Copies the files of a model version (its {@link ModelRegistryStore#getDownloadUri download URI}) into a local
 * directory, as MLflow's {@code mlflow.artifacts.download_artifacts} does:
 * <ul>
 *   <li>{@code mlflow-artifacts:/path} with an {@code http(s)} tracking URI: through the server's proxied artifact
 *   API, listing directories recursively and downloading each file;</li>
 *   <li>{@code mlflow-artifacts:/path} with a database tracking URI ({@code sqlite:}, {@code postgresql:}): from the
 *   artifact destination that a server on the same store uses (default {@value ArtifactStores#DEFAULT_DESTINATION});</li>
 *   <li>any other artifact store URI ({@code file:}, {@code s3:}, a local path): from that store.</li>
 * </ul>
 * Each file is streamed to a temporary file in its final directory and then moved into place. Every relative path
 * is checked by {@link ArtifactPaths#validateRelative} and must stay under the target directory. Stateless and
 * thread-safe.
 */
public final class ModelDownloads {

    private static final String PROXY_SCHEME = "mlflow-artifacts";
    private static final String API = "/api/2.0/mlflow-artifacts/artifacts";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    private ModelDownloads() {
    }

    /** {@link #download(String, String, String, Path)} with the default artifact destination. */
    public static Path download(String downloadUri, String trackingUri, Path target) {
        return download(downloadUri, trackingUri, ArtifactStores.DEFAULT_DESTINATION, target);
    }

    /**
     * Downloads the files under {@code downloadUri} into {@code target} (created if needed; existing files with the
     * same names are replaced) and returns {@code target}.
     *
     * @param artifactsDestination where a database tracking store's proxied artifacts live: a path, {@code file:} or
     *                             {@code s3:} URI; only used for {@code mlflow-artifacts:} URIs without a server
     * @throws CapstanException {@code RESOURCE_DOES_NOT_EXIST} when there are no files there,
     *                          {@code INVALID_PARAMETER_VALUE} for an unsupported URI or an unsafe path
     */
    public static Path download(String downloadUri, String trackingUri, String artifactsDestination, Path target) {
        if (downloadUri == null || downloadUri.isBlank()) {
            throw CapstanException.invalid("The model's download URI is empty");
        }
        Path root = target.toAbsolutePath().normalize();
        createDirectories(root);
        int files;
        if (downloadUri.toLowerCase(Locale.ROOT).startsWith(PROXY_SCHEME + ":")) {
            String path = proxiedPath(downloadUri);
            if (isHttp(trackingUri)) {
                files = new HttpWalk(trackingUri.replaceAll("/+$", ""), root).copyDir(path, "");
            } else {
                files = copyTree(ArtifactStores.open(artifactsDestination), path, root);
            }
        } else {
            files = copyTree(ArtifactStores.open(downloadUri), "", root);
        }
        if (files == 0) {
            throw new CapstanException(ErrorCode.RESOURCE_DOES_NOT_EXIST,
                    "No model files found at " + downloadUri);
        }
        return root;
    }

    /**
     * Downloads one file of a model version, {@code relativePath} under {@code downloadUri} (its {@code MLmodel}, say),
     * into {@code target} as {@link #download} would place it, without fetching the rest; returns the file.
     *
     * @throws CapstanException {@code RESOURCE_DOES_NOT_EXIST} when there is no such file
     */
    public static Path downloadFile(String downloadUri, String relativePath, String trackingUri,
                                    String artifactsDestination, Path target) {
        if (downloadUri == null || downloadUri.isBlank()) {
            throw CapstanException.invalid("The model's download URI is empty");
        }
        Path root = target.toAbsolutePath().normalize();
        Path destination = resolve(root, relativePath);
        String file = ArtifactPaths.validateRelative(relativePath);
        if (downloadUri.toLowerCase(Locale.ROOT).startsWith(PROXY_SCHEME + ":")) {
            String path = proxiedPath(downloadUri) + "/" + file;
            if (isHttp(trackingUri)) {
                new HttpWalk(trackingUri.replaceAll("/+$", ""), root).fetch(path, destination);
                return destination;
            }
            copyFile(ArtifactStores.open(artifactsDestination), path, destination);
        } else {
            copyFile(ArtifactStores.open(downloadUri), file, destination);
        }
        return destination;
    }

    private static void copyFile(ArtifactStore store, String path, Path destination) {
        try (InputStream in = store.open(path)) {
            write(in, destination);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + destination, e);
        }
    }

    private static boolean isHttp(String trackingUri) {
        if (trackingUri == null) {
            return false;
        }
        String lower = trackingUri.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** The artifact path of {@code mlflow-artifacts:/path} or {@code mlflow-artifacts://host/path}, validated. */
    static String proxiedPath(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw CapstanException.invalid("Invalid download URI '%s': %s", uri, e.getReason());
        }
        String path = parsed.getRawPath();
        if (path == null || path.replace("/", "").isEmpty()) {
            throw CapstanException.invalid("Invalid download URI '%s': expected %s:/<path>", uri, PROXY_SCHEME);
        }
        return ArtifactPaths.validateRelative(path.replaceFirst("^/+", ""));
    }

    /** Copies every file under {@code dir} of {@code store} into {@code root}; returns how many. */
    private static int copyTree(ArtifactStore store, String dir, Path root) {
        return copyTree(store, dir, dir, root);
    }

    private static int copyTree(ArtifactStore store, String base, String dir, Path root) {
        int count = 0;
        for (ArtifactFile entry : store.list(dir)) {
            if (entry.isDir()) {
                count += copyTree(store, base, entry.path(), root);
                continue;
            }
            copyFile(store, entry.path(), resolve(root, entry.relativeTo(base)));
            count++;
        }
        return count;
    }

    private static Path resolve(Path root, String relative) {
        String checked = ArtifactPaths.validateRelative(relative);
        if (checked.isEmpty()) {
            throw CapstanException.invalid("Invalid artifact path '%s': it names the model directory itself", relative);
        }
        Path resolved = root.resolve(checked).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            throw CapstanException.invalid("Invalid artifact path '%s': it leaves the target directory", relative);
        }
        return resolved;
    }

    /** Streams {@code in} to a temporary file beside {@code destination}, then moves it into place. */
    private static void write(InputStream in, Path destination) throws IOException {
        Path parent = destination.getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, ArtifactPaths.TEMP_PREFIX, ".part");
        try {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(temp, destination, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    /** The recursive walk over a server's proxied artifact API. */
    private record HttpWalk(String server, Path root) {

        /** Copies the files under the artifact directory {@code dir} into {@code root/relative}; returns how many. */
        int copyDir(String dir, String relative) {
            JsonNode listing = getJson(server + API + "?path=" + URLEncoder.encode(dir, StandardCharsets.UTF_8));
            int count = 0;
            for (JsonNode file : listing.path("files")) {
                String name = ArtifactPaths.validateRelative(file.path("path").asText(""));
                if (name.isEmpty()) {
                    throw CapstanException.invalid("The server listed an artifact without a path under '%s'", dir);
                }
                String childRelative = relative.isEmpty() ? name : relative + "/" + name;
                String childPath = dir + "/" + name;
                if (file.path("is_dir").asBoolean(false)) {
                    count += copyDir(childPath, childRelative);
                } else {
                    fetch(childPath, resolve(root, childRelative));
                    count++;
                }
            }
            return count;
        }

        private void fetch(String path, Path destination) {
            URI uri = URI.create(server + API + "/" + encodePath(path));
            HttpResponse<InputStream> response = send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() >= 300) {
                    throw failure(uri, response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                write(body, destination);
            } catch (IOException e) {
                throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Downloading " + uri + " failed: " + e, e);
            }
        }

        private JsonNode getJson(String url) {
            URI uri = URI.create(url);
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw failure(uri, response.statusCode(), response.body());
            }
            try {
                return Json.MAPPER.readTree(response.body());
            } catch (IOException e) {
                throw new CapstanException(ErrorCode.INTERNAL_ERROR, "The server answered " + uri + " with invalid JSON", e);
            }
        }

        private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            try {
                return HTTP.send(HttpRequest.newBuilder(request.uri()).timeout(Duration.ofMinutes(10)).GET().build(),
                        handler);
            } catch (IOException e) {
                throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Cannot reach " + request.uri() + ": " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Interrupted while downloading "
                        + request.uri(), e);
            }
        }

        private static CapstanException failure(URI uri, int status, String body) {
            String message = body;
            ErrorCode code = status == 404 ? ErrorCode.RESOURCE_DOES_NOT_EXIST : ErrorCode.INTERNAL_ERROR;
            try {
                JsonNode json = Json.MAPPER.readTree(body);
                message = json.path("message").asText(body);
                if (json.hasNonNull("error_code")) {
                    code = ErrorCode.valueOf(json.get("error_code").asText());
                }
            } catch (IOException | IllegalArgumentException e) {
                // keep the raw body and the status's code
            }
            return new CapstanException(code, "GET " + uri + " failed with HTTP " + status + ": " + message);
        }

        private static String encodePath(String path) {
            return Arrays.stream(path.split("/"))
                    .map(segment -> URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"))
                    .collect(Collectors.joining("/"));
        }
    }
}
