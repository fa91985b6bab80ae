package dev.capstan.server.artifacts;

import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLConnection;
import java.util.Set;

/**
 * Streams an artifact to the client in chunks from a worker thread, waiting when the connection's write queue is
 * full. Content types that a browser would execute are served as plain text.
 */
final class Downloads {

    private static final int CHUNK = 64 * 1024;
    private static final Set<String> ACTIVE_TYPES = Set.of("text/html", "application/javascript", "text/javascript",
            "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml");

    private Downloads() {
    }

    static void send(RoutingContext ctx, String path, InputStream content) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", contentType(path))
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Disposition", "attachment; filename=\"" + fileName(path) + "\"");
        ctx.vertx().executeBlocking(() -> {
            try (InputStream in = content) {
                pump(ctx, in, response);
            }
            return null;
        }, false).onComplete(done -> {
            if (done.succeeded()) {
                response.end();
            } else {
                response.reset();
            }
        });
    }

    private static void pump(RoutingContext ctx, InputStream in, HttpServerResponse response) throws IOException {
        byte[] chunk = new byte[CHUNK];
        for (int n; (n = in.read(chunk)) > 0; ) {
            if (response.closed()) {
                throw new IOException("client went away");
            }
            response.write(Buffer.buffer(java.util.Arrays.copyOf(chunk, n)));
            if (response.writeQueueFull()) {
                awaitDrain(ctx, response);
            }
        }
    }

    private static void awaitDrain(RoutingContext ctx, HttpServerResponse response) throws IOException {
        Promise<Void> drained = Promise.promise();
        ctx.vertx().runOnContext(v -> {
            if (response.writeQueueFull()) {
                response.drainHandler(x -> drained.tryComplete());
                response.closeHandler(x -> drained.tryComplete());
            } else {
                drained.tryComplete();
            }
        });
        try {
            drained.future().toCompletionStage().toCompletableFuture().get();
        } catch (Exception e) {
            throw new IOException("interrupted while streaming", e);
        }
    }

    static String contentType(String path) {
        String guessed = URLConnection.guessContentTypeFromName(fileName(path));
        if (guessed == null) {
            return path.endsWith(".json") ? "application/json" : "application/octet-stream";
        }
        return ACTIVE_TYPES.contains(guessed) ? "text/plain" : guessed;
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1).replace("\"", "");
    }
}
