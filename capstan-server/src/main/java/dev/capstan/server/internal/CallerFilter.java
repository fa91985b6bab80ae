package dev.capstan.server.internal;

import dev.capstan.server.Caller;
import io.vertx.ext.web.RoutingContext;

/**
 * The one place where a request's caller is resolved. Access control will be added here: authenticate, store the
 * {@link Caller}, or fail the request with 401 / 403. Today every request is anonymous.
 */
public final class CallerFilter {

    private CallerFilter() {
    }

    public static void handle(RoutingContext ctx) {
        ctx.put(Caller.CONTEXT_KEY, Caller.ANONYMOUS);
        ctx.next();
    }

    public static Caller of(RoutingContext ctx) {
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        return caller != null ? caller : Caller.ANONYMOUS;
    }
}
