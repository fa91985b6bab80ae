package dev.capstan.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.concurrent.Callable;

/** Runs a handler's blocking work (JDBC, storage) on a worker thread and writes its result as JSON. */
public final class Responses {

    private static final Map<String, Object> EMPTY = Map.of();

    private Responses() {
    }

    /** Runs {@code work} off the event loop; a {@code null} result is sent as {@code {}}. */
    public static void blocking(RoutingContext ctx, Callable<?> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                json(ctx, result.result() == null ? EMPTY : result.result());
            } else {
                ctx.fail(result.cause());
            }
        });
    }

    /** An MLflow page: the items under {@code field}, and {@code next_page_token} unless it is the last page. */
    public static Map<String, Object> page(String field, dev.capstan.tracking.Page<?> page) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put(field, page.items());
        if (page.nextPageToken() != null) {
            body.put("next_page_token", page.nextPageToken());
        }
        return body;
    }

    public static void json(RoutingContext ctx, Object body) {
        if (ctx.response().closed()) {
            return;
        }
        try {
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(Json.MAPPER.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            ctx.fail(new CapstanException(ErrorCode.INTERNAL_ERROR, "Cannot write the response: " + e.getMessage(), e));
        }
    }
}
