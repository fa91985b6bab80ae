package dev.capstan.server.serving;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.Json;
import dev.capstan.Version;
import dev.capstan.ml.predict.PredictionTables;
import dev.capstan.monitor.LoggedValues;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.PreparedInput;
import dev.capstan.server.internal.ErrorResponses;
import dev.capstan.server.serving.internal.AccessLog;
import dev.capstan.server.serving.internal.LoggedColumns;
import dev.capstan.server.serving.internal.MlflowProtocol;
import dev.capstan.server.serving.internal.PredictProtocol;
import dev.capstan.server.serving.internal.PredictionLedger;
import dev.capstan.server.serving.internal.RequestKeys;
import dev.capstan.server.serving.internal.Scores;
import dev.capstan.server.serving.internal.ResponseJson;
import dev.capstan.server.serving.internal.ServingMetrics;
import dev.capstan.server.serving.internal.V2Protocol;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.Array;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The inference routes over {@link ModelServing}: the Open Inference Protocol v2 ({@code /v2/...}), MLflow scoring
 * ({@code /invocations}, {@code /ping}, {@code /health}, {@code /version}), Capstan's {@code /predict} and
 * Prometheus' {@code /metrics}. Requests are decoded and checked on the event loop; predictions run there when
 * cheap, otherwise on the model's batch workers. Every answer carries {@code X-Capstan-Model-Version} and
 * {@code X-Request-Id}.
 */
public final class ServingRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ServingRoutes.class);
    private static final String JSON = "application/json";
    private static final String ROUTED = "capstan.routed";

    /** How a protocol renders errors. */
    private enum Errors { V2, MLFLOW, PLAIN }

    /**
     * A decoded request: its JSON (null for CSV), the model input it makes for a version, and the response for that
     * version's predictions.
     */
    private record Call(JsonNode root, Function<ServedModel, PreparedInput> input,
                        BiFunction<ServedModel, Predictions, Map<String, Object>> response) {
    }

    /** Where a request went: the served name and the variant that answers it. */
    private record Routed(String endpoint, ModelEndpoint.Variant variant) {
    }

    private final ModelServing serving;
    private final Map<ModelEndpoint.Variant, Meters> meters = new ConcurrentHashMap<>();

    private ServingRoutes(ModelServing serving) {
        this.serving = serving;
    }

    /** Adds the routes to {@code router}; routes already there (a server's own {@code /health}) take precedence. */
    public static void mount(Router router, ModelServing serving) {
        new ServingRoutes(serving).mount(router);
    }

    private void mount(Router router) {
        BodyHandler body = BodyHandler.create(false).setBodyLimit(serving.config().maxBodyBytes());
        // the plain routes first: the router tries routes in order, and path parameters cost a pattern match
        inference(router, "/invocations", body, Errors.MLFLOW, this::mlflow);
        inference(router, "/predict", body, Errors.PLAIN, this::plain);
        inference(router, "/models/:name/invocations", body, Errors.MLFLOW, this::mlflow);
        inference(router, "/models/:name/predict", body, Errors.PLAIN, this::plain);
        router.get("/v2").handler(ctx -> json(ctx, 200, Map.of("name", "capstan", "version", Version.get(),
                "extensions", List.of())));
        router.get("/v2/health/live").handler(ctx -> json(ctx, 200, Map.of("live", true)));
        router.get("/v2/health/ready").handler(ctx -> json(ctx, serving.ready() ? 200 : 503,
                Map.of("ready", serving.ready())));
        for (String base : new String[] {"/v2/models/:name", "/v2/models/:name/versions/:version"}) {
            router.get(base).handler(ctx -> guarded(ctx, Errors.V2, () -> metadata(ctx)));
            router.get(base + "/ready").handler(ctx -> guarded(ctx, Errors.V2, () -> modelReady(ctx)));
            inference(router, base + "/infer", body, Errors.V2, this::v2);
        }
        router.get("/ping").handler(this::health);
        router.get("/health").handler(this::health);
        router.get("/version").handler(ctx -> ctx.response().end(Version.get()));
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", ServingMetrics.contentType())
                .end(Buffer.buffer(serving.metrics().scrape())));
    }

    /** A POST route that decodes a request with {@code decode} and renders its errors as {@code errors} says. */
    private void inference(Router router, String path, BodyHandler body, Errors errors,
                           Function<RoutingContext, Call> decode) {
        router.route(HttpMethod.POST, path).handler(body).handler(ctx -> infer(ctx, errors, decode))
                .failureHandler(ctx -> fail(ctx, errors, ctx.failure()));
    }

    private void health(RoutingContext ctx) {
        ctx.response().setStatusCode(serving.ready() ? 200 : 503).end(serving.ready() ? "\n" : "not ready\n");
    }

    private void metadata(RoutingContext ctx) {
        ModelEndpoint endpoint = serving.endpoint(ctx.pathParam("name"));
        String version = ctx.pathParam("version");
        ServedModel model = version == null ? endpoint.traffic().primary().model() : endpoint.version(version).model();
        json(ctx, 200, V2Protocol.metadata(endpoint.name(), endpoint.variants().stream()
                .map(v -> v.model().version()).toList(), model.scorer().model()));
    }

    private void modelReady(RoutingContext ctx) {
        ModelEndpoint endpoint = serving.endpoint(ctx.pathParam("name"));
        String version = ctx.pathParam("version");
        if (version != null) {
            endpoint.version(version);
        }
        json(ctx, serving.ready() ? 200 : 503, Map.of("name", endpoint.name(), "ready", serving.ready()));
    }

    private Call v2(RoutingContext ctx) {
        JsonNode root = jsonBody(ctx, false);
        V2Protocol.Request request = V2Protocol.parse(root);
        return new Call(root, model -> V2Protocol.input(request, model.scorer()),
                (model, predictions) -> V2Protocol.response(model.name(), model.version(), request, predictions));
    }

    private Call mlflow(RoutingContext ctx) {
        String type = contentType(ctx);
        if (type.equals("text/csv")) {
            String csv = ctx.body().asString();
            return new Call(null, model -> MlflowProtocol.decodeCsv(csv, model.scorer()),
                    (model, predictions) -> MlflowProtocol.response(predictions, null));
        }
        if (!type.equals(JSON)) {
            throw new CapstanException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "This predictor only supports the following "
                    + "content types: application/json, text/csv; found '" + type + "'");
        }
        JsonNode root = jsonBody(ctx, true);
        return new Call(root, model -> MlflowProtocol.decodeJson(root, model.scorer()),
                (model, predictions) -> MlflowProtocol.response(predictions, root.get("params")));
    }

    private Call plain(RoutingContext ctx) {
        JsonNode root = jsonBody(ctx, false);
        return new Call(root, model -> PredictProtocol.decode(root, model.scorer()),
                (model, predictions) -> PredictProtocol.response(model.name(), model.version(), predictions));
    }

    private void infer(RoutingContext ctx, Errors errors, Function<RoutingContext, Call> decode) {
        long start = System.nanoTime();
        String requestId = requestId(ctx);
        ctx.response().putHeader("X-Request-Id", requestId);
        ctx.addEndHandler(done -> record(ctx, requestId, start));
        ServedModel model = null;
        try {
            Call call = decode.apply(ctx);
            ModelEndpoint endpoint = endpoint(ctx);
            ModelEndpoint.Variant variant = acquire(endpoint, ctx.pathParam("version"),
                    () -> stickyKey(ctx, call.root(), endpoint.traffic().stickyKey()));
            ServedModel served = variant.model();
            model = served;
            ctx.put(ROUTED, new Routed(endpoint.name(), variant));
            ctx.response().putHeader("X-Capstan-Model-Version", served.version())
                    .putHeader("X-Capstan-Variant", variant.name());
            PreparedInput input = call.input().apply(served);
            Context context = Vertx.currentContext();
            served.predict(input).whenComplete((predictions, error) -> {
                served.release();
                Runnable reply = error != null ? () -> fail(ctx, errors, error)
                        : () -> respond(ctx, errors, () -> call.response().apply(served, predictions));
                if (Vertx.currentContext() == context) {
                    reply.run();
                } else {
                    context.runOnContext(v -> reply.run());
                }
                if (error == null) {
                    logPrediction(requestId, endpoint, variant, input, predictions, start);
                    if (endpoint.traffic().candidate() != null) {
                        Scores.record(predictions, served.stats());
                    }
                    compare(endpoint, variant, call, predictions);
                    if (endpoint.traffic().mode() == ModelEndpoint.Mode.STICKY) {
                        endpoint.ledger().remember(requestId, new PredictionLedger.Served(variant.name(),
                                served.version(), firstPrediction(predictions)));
                    }
                }
            });
        } catch (RuntimeException e) {
            if (model != null) {
                model.release();
            }
            fail(ctx, errors, e);
        }
    }

    /**
     * Sends the request to the version it is compared with, if any (shadow traffic, rollout divergence), off the
     * request path; the answer already sent never depends on it. The outcome counts on the candidate.
     */
    private void compare(ModelEndpoint endpoint, ModelEndpoint.Variant served, Call call, Predictions answered) {
        ModelEndpoint.Variant other = endpoint.comparedWith(served);
        if (other == null) {
            return;
        }
        ServedModel candidate = served.name().equals("candidate") ? served.model() : other.model();
        serving.comparisons().submit(endpoint.name(), served.model().version(), other.model().version(), answered,
                () -> {
                    if (!other.model().tryAcquire()) {
                        throw new IllegalStateException("replaced");
                    }
                    try {
                        return other.model().predict(call.input().apply(other.model())).join();
                    } finally {
                        other.model().release();
                    }
                },
                outcome -> candidate.stats().compared(outcome != null && outcome.agreed()));
    }

    /** Queues the request's rows for the prediction log, when there is one and the request is in its sample. */
    private void logPrediction(String requestId, ModelEndpoint endpoint, ModelEndpoint.Variant variant,
                               PreparedInput input, Predictions predictions, long start) {
        PredictionLog log = serving.predictionLog();
        double sample = serving.config().logSample();
        if (log == null || sample < 1 && ThreadLocalRandom.current().nextDouble() >= sample) {
            return;
        }
        Map<String, Object> inputs = LoggedColumns.inputs(input);
        Map<String, Object> outputs = LoggedColumns.outputs(predictions);
        log.log(new PredictionLog.Entry(requestId, System.currentTimeMillis(), endpoint.name(),
                variant.model().version(), variant.name(), (System.nanoTime() - start) / 1e6, LoggedValues.of(
                        variant.model().loggedLayout(inputs, outputs), predictions.rowCount(), inputs, outputs)));
    }

    /** The first row's label, else its first numeric output, for A/B feedback; null when there is none. */
    private static Object firstPrediction(Predictions predictions) {
        if (predictions.rowCount() == 0) {
            return null;
        }
        Map<String, Object> outputs = PredictionTables.orderedOutputs(predictions);
        Object first = outputs.containsKey(Predictions.LABEL) ? outputs.get(Predictions.LABEL)
                : outputs.values().iterator().next();
        Object value = Array.get(first, 0);
        return value instanceof Number n ? (n instanceof Long || n instanceof Integer ? (Object) n.longValue()
                : (Object) n.doubleValue()) : null;
    }

    private static String stickyKey(RoutingContext ctx, JsonNode root, String sticky) {
        if (sticky == null) {
            return null;
        }
        int colon = sticky.indexOf(':');
        String name = sticky.substring(colon + 1);
        return sticky.startsWith("header:") ? ctx.request().getHeader(name) : RequestKeys.field(root, name);
    }

    private ModelEndpoint endpoint(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        if (name != null) {
            return serving.endpoint(name);
        }
        var all = serving.endpoints();
        if (all.size() != 1) {
            throw CapstanException.invalid("This server serves %d models %s: use /models/{name}%s", all.size(),
                    all.stream().map(ModelEndpoint::name).sorted().toList(), ctx.request().path());
        }
        return all.iterator().next();
    }

    /** A variant whose version is held for this request (retrying if a swap closed the one first chosen). */
    private static ModelEndpoint.Variant acquire(ModelEndpoint endpoint, String version, Supplier<String> key) {
        for (int attempt = 0; attempt < 10; attempt++) {
            ModelEndpoint.Variant variant = version == null ? endpoint.route(key.get()) : endpoint.version(version);
            if (variant.model().tryAcquire()) {
                return variant;
            }
        }
        throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Model " + endpoint.name()
                + " is being replaced; retry");
    }

    /**
     * Counts a finished request for its variant (requests that never reached a model count in the access log
     * only) and logs it.
     */
    private void record(RoutingContext ctx, String requestId, long start) {
        int status = ctx.response().getStatusCode();
        long nanos = System.nanoTime() - start;
        Routed routed = ctx.get(ROUTED);
        if (routed != null) {
            ModelEndpoint.Variant variant = routed.variant();
            variant.model().stats().answered(status, nanos);
            variant.model().monitorStats().answered(status, nanos);
            Meters m = meters.computeIfAbsent(variant, v -> new Meters(serving.metrics(), routed.endpoint(), v));
            (status == 200 ? m.ok : m.status(status)).inc();
            m.latency.observe(nanos / 1e9);
        }
        AccessLog log = serving.accessLog();
        if (log != null) {
            log.log(new AccessLog.Entry(System.currentTimeMillis(), requestId, ctx.request().method().name(),
                    ctx.request().path(), routed == null ? ctx.pathParam("name") : routed.endpoint(),
                    routed == null ? null : routed.variant().model().version(),
                    routed == null ? null : routed.variant().name(), status, nanos / 1e6));
        }
    }

    /** A variant's metric data points, looked up once rather than by label values on every request. */
    private record Meters(ServingMetrics metrics, String model, ModelEndpoint.Variant variant, CounterDataPoint ok,
                          DistributionDataPoint latency) {

        Meters(ServingMetrics metrics, String model, ModelEndpoint.Variant variant) {
            this(metrics, model, variant, metrics.requests(model, variant.model().version(), variant.name(), 200),
                    metrics.latency(model, variant.model().version(), variant.name()));
        }

        CounterDataPoint status(int status) {
            return metrics.requests(model, variant.model().version(), variant.name(), status);
        }
    }

    private static JsonNode jsonBody(RoutingContext ctx, boolean typeChecked) {
        if (!typeChecked) {
            String type = contentType(ctx);
            if (!type.isEmpty() && !type.equals(JSON)) {
                throw new CapstanException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "Expected Content-Type: application/json, found '" + type + "'");
            }
        }
        if (ctx.body() == null || ctx.body().buffer() == null || ctx.body().length() == 0) {
            throw CapstanException.invalid("The request body is empty: expected JSON");
        }
        try {
            return Json.MAPPER.readTree(ctx.body().buffer().getBytes());
        } catch (IOException e) {
            throw ErrorResponses.toCapstan(e);
        }
    }

    private static String contentType(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Type");
        if (header == null) {
            return "";
        }
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    private static String requestId(RoutingContext ctx) {
        String given = ctx.request().getHeader("X-Request-Id");
        if (given != null && !given.isBlank() && given.length() <= 128) {
            return given;
        }
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }

    private static void guarded(RoutingContext ctx, Errors errors, Runnable handler) {
        try {
            handler.run();
        } catch (RuntimeException e) {
            fail(ctx, errors, e);
        }
    }

    private static void respond(RoutingContext ctx, Errors errors, Supplier<Map<String, Object>> body) {
        try {
            json(ctx, 200, body.get());
        } catch (RuntimeException e) {
            fail(ctx, errors, e);
        }
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(ResponseJson.write(body));
        }
    }

    /** Renders a failure as the protocol does: {@code {"error"}} (v2), {@code {"error_code", "message"}} (MLflow). */
    private static void fail(RoutingContext ctx, Errors errors, Throwable failure) {
        int status;
        CapstanException error;
        if (failure == null) {
            status = ctx.statusCode();
            error = new CapstanException(status == 413 ? ErrorCode.INVALID_PARAMETER_VALUE : ErrorCode.BAD_REQUEST,
                    status == 413 ? "Request body too large: the limit is set by --max-body-bytes"
                            : "Request failed: " + ctx.request().method() + " " + ctx.request().path());
        } else {
            error = ErrorResponses.toCapstan(failure);
            status = ErrorResponses.status(error.code());
            if (error.code() == ErrorCode.INTERNAL_ERROR) {
                LOG.error("Inference request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
            }
        }
        if (status == 503 || status == 429) {
            ctx.response().putHeader("Retry-After", "1");
        }
        Map<String, Object> body = switch (errors) {
            case V2 -> Map.of("error", error.getMessage());
            case MLFLOW -> Map.of("error_code", error.code().name(), "message", error.getMessage());
            case PLAIN -> Map.of("error", error.getMessage(), "error_code", error.code().name());
        };
        json(ctx, status, body);
    }
}
