package dev.capstan.server.ui;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.server.internal.ErrorResponses;
import dev.capstan.tracking.TrackingStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;

/**
 * The web UI of {@code capstan server}: server-rendered pages with nothing fetched from elsewhere, their state in
 * the URL. {@code /} lists the experiments, {@code /experiments/ID} an experiment's runs, {@code /runs/ID} a run.
 * Pages are rendered off the event loop; a missing experiment or run is a 404 page, a bad filter a 400 page that
 * says what is wrong.
 */
public final class UiRoutes {

    private static final byte[] CSS = resource("capstan.css");

    private final TrackingStore tracking;

    private UiRoutes(TrackingStore tracking) {
        this.tracking = tracking;
    }

    public static void mount(Router router, TrackingStore tracking) {
        UiRoutes ui = new UiRoutes(tracking);
        router.get("/").handler(ctx -> ui.html(ctx, () -> ExperimentsPage.render(tracking,
                ctx.request().getParam("page_token"))));
        router.get("/experiments/:id").handler(ctx -> ui.html(ctx, () -> RunsPage.render(tracking,
                tracking.getExperiment(ctx.pathParam("id")), new RunsPage.State(param(ctx, "filter"),
                        param(ctx, "order"), param(ctx, "metrics"), param(ctx, "params"), param(ctx, "page_token")))));
        router.get("/runs/:id").handler(ctx -> ui.html(ctx, () -> RunPage.render(tracking,
                tracking.getRun(ctx.pathParam("id")))));
        router.get("/compare").handler(ctx -> ui.html(ctx, () -> ComparePage.render(tracking,
                ctx.queryParam("runs").stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                        .map(String::strip).filter(v -> !v.isEmpty()).distinct().toList(),
                "1".equals(ctx.request().getParam("diff")))));
        router.get("/static/capstan.css").handler(ctx -> ctx.response().putHeader("Content-Type", "text/css")
                .putHeader("Cache-Control", "max-age=3600").end(Buffer.buffer(CSS)));
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null || value.isBlank() ? null : value;
    }

    private void html(RoutingContext ctx, Callable<String> page) {
        ctx.vertx().executeBlocking(page, false).onComplete(result -> {
            if (ctx.response().closed()) {
                return;
            }
            if (result.succeeded()) {
                send(ctx, 200, result.result());
                return;
            }
            CapstanException error = ErrorResponses.toCapstan(result.cause());
            int status = ErrorResponses.status(error.code());
            String title = error.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST ? "Not found"
                    : status < 500 ? "Cannot show this page" : "Something went wrong";
            send(ctx, status, Html.page(title, "", "<h1>" + Html.esc(title) + "</h1><p class=\"error\">"
                    + Html.esc(error.getMessage()) + "</p><p><a href=\"/\">All experiments</a></p>"));
        });
    }

    private static void send(RoutingContext ctx, int status, String html) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'self'; style-src 'self'; img-src 'self' data:")
                .end(html);
    }

    private static byte[] resource(String name) {
        try (InputStream in = UiRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
