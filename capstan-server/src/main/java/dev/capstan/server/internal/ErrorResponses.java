package dev.capstan.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one table from error code to HTTP status, and the failure handler that renders every error as MLflow does:
 * {@code {"error_code": "...", "message": "..."}}. Unexpected exceptions become a 500 whose message hides internals.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private static final Map<ErrorCode, Integer> STATUS = Map.ofEntries(
            Map.entry(ErrorCode.INTERNAL_ERROR, 500),
            Map.entry(ErrorCode.TEMPORARILY_UNAVAILABLE, 503),
            Map.entry(ErrorCode.INVALID_PARAMETER_VALUE, 400),
            Map.entry(ErrorCode.BAD_REQUEST, 400),
            Map.entry(ErrorCode.INVALID_STATE, 400),
            Map.entry(ErrorCode.RESOURCE_DOES_NOT_EXIST, 404),
            Map.entry(ErrorCode.RESOURCE_ALREADY_EXISTS, 400),
            Map.entry(ErrorCode.ENDPOINT_NOT_FOUND, 404),
            Map.entry(ErrorCode.PERMISSION_DENIED, 403),
            Map.entry(ErrorCode.UNAUTHENTICATED, 401),
            Map.entry(ErrorCode.REQUEST_LIMIT_EXCEEDED, 429),
            Map.entry(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415),
            Map.entry(ErrorCode.NOT_IMPLEMENTED, 501));

    private ErrorResponses() {
    }

    public static int status(ErrorCode code) {
        return STATUS.get(code);
    }

    /** The router's failure handler. */
    public static void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure == null) {
            send(ctx, ctx.statusCode(), routerError(ctx.statusCode(), ctx), routerMessage(ctx));
            return;
        }
        CapstanException error = toCapstan(failure);
        if (error.code() == ErrorCode.INTERNAL_ERROR) {
            LOG.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
        }
        send(ctx, status(error.code()), error.code(), error.getMessage());
    }

    public static void send(RoutingContext ctx, int status, ErrorCode code, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        try {
            byte[] body = Json.MAPPER.writeValueAsBytes(Map.of("error_code", code.name(), "message", message));
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(
                    io.vertx.core.buffer.Buffer.buffer(body));
        } catch (JsonProcessingException e) {
            ctx.response().setStatusCode(500).end();
        }
    }

    /** The failure as a CapstanException: itself or a cause, a JSON error as a bad request, anything else internal. */
    public static CapstanException toCapstan(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CapstanException ce) {
                return ce;
            }
        }
        if (failure instanceof InvalidFormatException e) {
            return CapstanException.invalid("Invalid value %s for parameter '%s': expected %s",
                    Json.MAPPER.valueToTree(e.getValue()), fieldPath(e), e.getTargetType().getSimpleName());
        }
        if (failure instanceof MismatchedInputException e && e.getPath().isEmpty()) {
            return CapstanException.invalid("Invalid request body: expected a JSON object");
        }
        if (failure instanceof MismatchedInputException e) {
            return CapstanException.invalid("Invalid value for parameter '%s': %s", fieldPath(e),
                    e.getOriginalMessage().replaceAll("\\(class [^)]*\\)", "").replaceAll("`[a-z.]+\\.", "`"));
        }
        if (failure instanceof JsonProcessingException e) {
            return CapstanException.invalid("Malformed JSON in request body: %s", e.getOriginalMessage());
        }
        if (failure instanceof IllegalArgumentException e && e.getCause() instanceof JsonProcessingException) {
            return toCapstan(e.getCause());
        }
        return new CapstanException(ErrorCode.INTERNAL_ERROR,
                "Internal error: " + failure.getClass().getSimpleName() + " (see the server log)");
    }

    private static String fieldPath(MismatchedInputException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static ErrorCode routerError(int status, RoutingContext ctx) {
        return switch (status) {
            case 404, 405 -> ErrorCode.ENDPOINT_NOT_FOUND;
            case 413 -> ErrorCode.REQUEST_LIMIT_EXCEEDED;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST;
        };
    }

    private static String routerMessage(RoutingContext ctx) {
        String request = ctx.request().method() + " " + ctx.request().path();
        return switch (ctx.statusCode()) {
            case 404 -> "No API endpoint at " + request;
            case 405 -> "Method not allowed: " + request;
            case 413 -> "Request body too large for " + request;
            default -> "Request failed: " + request;
        };
    }
}
