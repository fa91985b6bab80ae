package dev.capstan.server.internal;

import dev.capstan.server.Caller;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Declares MLflow-style JSON endpoints: each reads its request record (query string for GET, JSON body otherwise),
 * runs the handler on a worker thread and answers its result as JSON ({@code {}} for actions).
 */
public final class Endpoints {

    private final Router router;

    public Endpoints(Router router) {
        this.router = router;
    }

    public <T extends Record> void on(HttpMethod method, String path, Class<T> type, Function<T, ?> handler) {
        onBehalfOf(method, path, type, (request, caller) -> handler.apply(request));
    }

    /** An endpoint whose handler also gets the caller, for writes that record who made them. */
    public <T extends Record> void onBehalfOf(HttpMethod method, String path, Class<T> type,
                                              BiFunction<T, Caller, ?> handler) {
        router.route(method, path).handler(ctx -> Responses.blocking(ctx,
                () -> handler.apply(ApiRequests.read(ctx, type), CallerFilter.of(ctx))));
    }

    public <T extends Record> void get(String path, Class<T> type, Function<T, ?> handler) {
        on(HttpMethod.GET, path, type, handler);
    }

    public <T extends Record> void post(String path, Class<T> type, Function<T, ?> handler) {
        on(HttpMethod.POST, path, type, handler);
    }

    /** An endpoint that changes state and answers {@code {}}. */
    public <T extends Record> void action(HttpMethod method, String path, Class<T> type, Consumer<T> handler) {
        on(method, path, type, r -> {
            handler.accept(r);
            return null;
        });
    }
}
