package dev.capstan.server.artifacts;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.server.internal.ErrorResponses;
import dev.capstan.server.internal.Responses;
import dev.capstan.store.artifact.ArtifactStore;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Receives an artifact upload: the body streams to a temporary file (with back-pressure, counting bytes against the
 * limit), then the store writes it atomically. Memory use does not grow with the artifact's size.
 */
final class Uploads {

    private Uploads() {
    }

    static void receive(RoutingContext ctx, String path, ArtifactStore store, long maxBytes) {
        HttpServerRequest request = ctx.request();
        String length = request.getHeader("Content-Length");
        if (length != null && parseLength(length) > maxBytes) {
            ErrorResponses.send(ctx, 413, ErrorCode.REQUEST_LIMIT_EXCEEDED,
                    "Artifact upload of " + length + " bytes exceeds the limit of " + maxBytes + " bytes");
            return;
        }
        request.pause();
        ctx.vertx().fileSystem().createTempFile("capstan-upload-", ".tmp").compose(tmp ->
                ctx.vertx().fileSystem().open(tmp, new OpenOptions().setWrite(true)).map(file -> {
                    stream(ctx, request, file, Path.of(tmp), path, store, maxBytes);
                    return null;
                })).onFailure(ctx::fail);
    }

    private static void stream(RoutingContext ctx, HttpServerRequest request, AsyncFile file, Path tmp, String path,
                               ArtifactStore store, long maxBytes) {
        long[] received = {0};
        request.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > maxBytes) {
                request.handler(null);
                file.close().onComplete(x -> delete(tmp));
                ErrorResponses.send(ctx, 413, ErrorCode.REQUEST_LIMIT_EXCEEDED,
                        "Artifact upload exceeds the limit of " + maxBytes + " bytes");
                return;
            }
            file.write(chunk);
            if (file.writeQueueFull()) {
                request.pause();
                file.drainHandler(v -> request.resume());
            }
        });
        request.exceptionHandler(e -> file.close().onComplete(x -> delete(tmp)));
        request.endHandler(v -> {
            if (received[0] > maxBytes) {
                return;
            }
            file.close().onSuccess(x -> Responses.blocking(ctx, () -> {
                try (InputStream in = Files.newInputStream(tmp)) {
                    store.put(path, in);
                    return null;
                } finally {
                    delete(tmp);
                }
            })).onFailure(ctx::fail);
        });
        request.resume();
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new CapstanException(ErrorCode.BAD_REQUEST, "Invalid Content-Length header: " + header);
        }
    }

    private static void delete(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (java.io.IOException ignored) {
            // a leftover temporary file in the system temp directory is harmless
        }
    }
}
