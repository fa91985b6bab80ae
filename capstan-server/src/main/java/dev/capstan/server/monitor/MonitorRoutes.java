package dev.capstan.server.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.server.internal.ErrorResponses;
import dev.capstan.server.internal.Responses;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The monitoring routes: {@code POST /v2/feedback} (ground truth by request id), and under
 * {@code /api/2.0/capstan/monitor/}: {@code GET status} (the latest evaluation and alerts) and {@code POST evaluate}
 * (evaluate now, then answer as {@code status}).
 */
public final class MonitorRoutes {

    private static final String[] PREFIXES = {"/api/2.0/capstan/monitor/", "/ajax-api/2.0/capstan/monitor/"};
    private static final int LISTED_UNKNOWN = 100;

    private final ModelMonitor monitor;

    private MonitorRoutes(ModelMonitor monitor) {
        this.monitor = monitor;
    }

    /** Mounts the routes; feedback bodies are limited to {@code maxBodyBytes}. */
    public static void mount(Router router, ModelMonitor monitor, long maxBodyBytes) {
        MonitorRoutes routes = new MonitorRoutes(monitor);
        router.route(HttpMethod.POST, "/v2/feedback").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
                .handler(ctx -> routes.answer(ctx, () -> routes.feedback(ctx)));
        for (String prefix : PREFIXES) {
            router.get(prefix + "status").handler(ctx -> routes.answer(ctx, monitor::status));
            router.post(prefix + "evaluate").handler(ctx -> routes.answer(ctx, () -> {
                monitor.evaluate();
                return monitor.status();
            }));
        }
    }

    private Map<String, Object> feedback(RoutingContext ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (IOException e) {
            throw CapstanException.invalid("Feedback: the body is not JSON: %s", e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        List<PredictionLog.Feedback> answers = FeedbackRequests.parse(body);
        PredictionLog.FeedbackResult result = monitor.log().feedback(answers, System.currentTimeMillis());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("received", answers.size());
        response.put("accepted", result.accepted());
        response.put("unknown_request_ids", result.unknown().size());
        response.put("unknown", result.unknown().subList(0, Math.min(LISTED_UNKNOWN, result.unknown().size())));
        return response;
    }

    /** Runs {@code work} off the event loop and answers its result as JSON, or its error with a 4xx/5xx status. */
    private void answer(RoutingContext ctx, Callable<Object> work) {
        ctx.vertx().executeBlocking(work, false).onComplete(result -> {
            if (result.succeeded()) {
                Responses.json(ctx, result.result());
                return;
            }
            CapstanException error = ErrorResponses.toCapstan(result.cause());
            ErrorResponses.send(ctx, ErrorResponses.status(error.code()), error.code(),
                    error.code() == ErrorCode.INTERNAL_ERROR ? "Monitoring failed: " + result.cause().getMessage()
                            : error.getMessage());
        });
    }
}
