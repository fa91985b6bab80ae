package dev.capstan.server.internal;

import dev.capstan.server.Caller;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The one place where a request's caller is resolved. Access control will be added here: authenticate, store the
 * {@link Caller}, or fail the request with 401 / 403. Until then nothing is verified: a request carrying HTTP Basic
 * credentials (what MLflow clients send for {@code MLFLOW_TRACKING_USERNAME}) is attributed to the user name it
 * claims, marked unauthenticated, so that audit fields such as a promotion's approver name someone; any other request
 * is anonymous.
 */
public final class CallerFilter {

    private static final Pattern USER_NAME = Pattern.compile("[\\p{L}\\p{N}._@+\\-]{1,256}");

    private CallerFilter() {
    }

    public static void handle(RoutingContext ctx) {
        ctx.put(Caller.CONTEXT_KEY, claimed(ctx.request().getHeader("Authorization")));
        ctx.next();
    }

    public static Caller of(RoutingContext ctx) {
        Caller caller = ctx.get(Caller.CONTEXT_KEY);
        return caller != null ? caller : Caller.ANONYMOUS;
    }

    /** The caller an {@code Authorization} header claims to be; anonymous unless it is Basic with a plain user name. */
    static Caller claimed(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Caller.ANONYMOUS;
        }
        try {
            String credentials = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = credentials.indexOf(':');
            String user = colon < 0 ? credentials : credentials.substring(0, colon);
            return USER_NAME.matcher(user).matches() ? new Caller(user, false) : Caller.ANONYMOUS;
        } catch (IllegalArgumentException e) {
            return Caller.ANONYMOUS;
        }
    }
}
