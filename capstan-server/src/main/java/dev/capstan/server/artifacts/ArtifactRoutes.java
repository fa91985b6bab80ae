package dev.capstan.server.artifacts;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.server.internal.ErrorResponses;
import dev.capstan.server.internal.Responses;
import dev.capstan.store.artifact.ArtifactFile;
import dev.capstan.store.artifact.ArtifactPaths;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.store.artifact.internal.PercentDecoding;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MLflow's proxied artifact API ({@code /api/2.0/mlflow-artifacts/artifacts}): upload (PUT), download (GET),
 * list (GET on the collection with {@code ?path=}) and delete. Uploads and downloads stream; every path is checked
 * by {@link ArtifactPaths} after one round of URL decoding.
 */
public final class ArtifactRoutes {

    private final ArtifactStore store;
    private final long maxUploadBytes;

    public ArtifactRoutes(ArtifactStore store, long maxUploadBytes) {
        this.store = store;
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * Mounts the API at {@code base}, e.g. {@code /api/2.0/mlflow-artifacts/artifacts}. Multipart uploads
     * ({@code .../mpu/*}) answer MLflow's own "not supported" error, on which MLflow clients fall back to one PUT.
     */
    public void mount(Router router, String base) {
        String multipart = base.substring(0, base.lastIndexOf('/')) + "/mpu/*";
        router.route(HttpMethod.POST, multipart).handler(ctx -> ctx.fail(new CapstanException(ErrorCode.NOT_IMPLEMENTED,
                "Multipart upload is not supported for the current artifact repository")));
        router.route(HttpMethod.GET, base).handler(this::list);
        router.route(HttpMethod.GET, base + "/*").handler(ctx -> download(ctx, base));
        router.route(HttpMethod.PUT, base + "/*").handler(ctx -> Uploads.receive(ctx, path(ctx, base), store, maxUploadBytes));
        router.route(HttpMethod.DELETE, base + "/*").handler(ctx -> {
            String path = path(ctx, base);
            Responses.blocking(ctx, () -> {
                store.delete(requireNonRoot(path));
                return null;
            });
        });
    }

    private void list(RoutingContext ctx) {
        String path = ArtifactPaths.validateRelative(decode(ctx.queryParams().get("path")));
        Responses.blocking(ctx, () -> {
            List<Map<String, Object>> files = store.list(path).stream().map(ArtifactRoutes::fileInfo).toList();
            return Map.of("files", files);
        });
    }

    private void download(RoutingContext ctx, String base) {
        String path = requireNonRoot(path(ctx, base));
        ctx.vertx().executeBlocking(() -> store.open(path), false).onComplete(opened -> {
            if (opened.failed()) {
                ctx.fail(opened.cause());
                return;
            }
            Downloads.send(ctx, path, opened.result());
        });
    }

    /** The artifact path of a request: the raw URL path after the base, decoded once, then validated. */
    static String path(RoutingContext ctx, String base) {
        String raw = ctx.request().path();
        int at = raw.indexOf(base.substring(base.indexOf("/mlflow-artifacts")));
        String encoded = at < 0 ? "" : raw.substring(at + base.length() - base.indexOf("/mlflow-artifacts"));
        return ArtifactPaths.validateRelative(decode(encoded.replaceFirst("^/", "")));
    }

    private static String decode(String raw) {
        if (raw == null) {
            return "";
        }
        return PercentDecoding.decodeOnce(raw).orElseThrow(() ->
                CapstanException.invalid("Invalid artifact path '%s': malformed percent-encoding or invalid UTF-8", raw));
    }

    private static String requireNonRoot(String path) {
        if (path.isEmpty()) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE, "An artifact path is required");
        }
        return path;
    }

    private static Map<String, Object> fileInfo(ArtifactFile file) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("path", file.name());
        info.put("is_dir", file.isDir());
        if (file.fileSize() != null) {
            info.put("file_size", file.fileSize());
        }
        return info;
    }

    static void fail(RoutingContext ctx, Throwable e) {
        if (!ctx.response().headWritten()) {
            ctx.fail(e);
        } else {
            ErrorResponses.send(ctx, 500, ErrorCode.INTERNAL_ERROR, e.getMessage());
        }
    }
}
