package dev.capstan.server.ui;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.server.internal.ErrorResponses;
import dev.capstan.server.monitor.HtmlReport;
import dev.capstan.server.monitor.ModelMonitor;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.store.artifact.RunArtifacts;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.TrackingStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * The web UI of {@code capstan server}: server-rendered pages with nothing fetched from elsewhere, their state in
 * the URL: experiments, runs and their comparison, models, deployments, monitoring, pipelines and schedules.
 * Pages are rendered off the event loop; a missing experiment or run is a 404 page, a bad filter a 400 page that
 * says what is wrong.
 */
public final class UiRoutes {

    /** Scripts, styles and images from this server only: nothing inline, nothing fetched from elsewhere. */
    private static final String POLICY = "default-src 'self'; style-src 'self'; img-src 'self' data:";
    /** The drift report is one self-contained file with its styles inline (and still no script). */
    private static final String REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
    private static final byte[] CSS = resource("capstan.css");
    private static final byte[] JS = resource("capstan.js");

    private UiRoutes() {
    }

    /** Every page but monitoring's, and the stylesheet and script. */
    public static void mount(Router router, UiSources sources) {
        UiRoutes ui = new UiRoutes();
        TrackingStore tracking = sources.tracking();
        router.get("/").handler(ctx -> ui.html(ctx, () -> ExperimentsPage.render(tracking,
                ctx.request().getParam("page_token"))));
        router.get("/experiments/:id").handler(ctx -> ui.html(ctx, () -> RunsPage.render(tracking,
                tracking.getExperiment(ctx.pathParam("id")), new RunsPage.State(param(ctx, "filter"),
                        param(ctx, "order"), param(ctx, "metrics"), param(ctx, "params"), param(ctx, "page_token")))));
        router.get("/runs/:id").handler(ctx -> ui.html(ctx, () -> RunPage.render(tracking,
                tracking.getRun(ctx.pathParam("id")))));
        router.get("/runs/:id/artifacts").handler(ctx -> ui.html(ctx, () -> {
            Run run = tracking.getRun(ctx.pathParam("id"));
            return ArtifactsPage.render(run, RunArtifacts.of(run.info().artifactUri(), sources.artifacts()),
                    param(ctx, "path") == null ? "" : param(ctx, "path"));
        }));
        router.get("/runs/:id/artifact").handler(ctx -> ui.file(ctx, tracking, sources.artifacts()));
        router.get("/compare").handler(ctx -> ui.html(ctx, () -> ComparePage.render(tracking,
                ctx.queryParam("runs").stream().flatMap(v -> Arrays.stream(v.split(",")))
                        .map(String::strip).filter(v -> !v.isEmpty()).distinct().toList(),
                "1".equals(ctx.request().getParam("diff")))));
        router.get("/models").handler(ctx -> ui.html(ctx, () -> ModelsPage.list(sources.registry(),
                param(ctx, "page_token"))));
        router.get("/models/:name").handler(ctx -> ui.html(ctx, () -> ModelsPage.model(sources,
                ctx.pathParam("name"), param(ctx, "version"))));
        router.get("/deployments").handler(ctx -> ui.html(ctx, () -> DeploymentsPage.list(sources.deployments())));
        router.get("/deployments/:name").handler(ctx -> ui.html(ctx, () -> DeploymentsPage.deployment(
                sources.deployments(), sources.traffic(), ctx.pathParam("name"))));
        router.get("/pipelines").handler(ctx -> ui.html(ctx, () -> PipelinesPage.list(tracking)));
        router.get("/pipelines/view").handler(ctx -> ui.html(ctx, () -> PipelinesPage.pipeline(tracking,
                param(ctx, "file"))));
        router.get("/schedules").handler(ctx -> ui.html(ctx, () -> SchedulesPage.list(sources.schedules())));
        router.get("/schedules/:name").handler(ctx -> ui.html(ctx, () -> SchedulesPage.schedule(sources.schedules(),
                ctx.pathParam("name"))));
        mountStatic(router);
    }

    /**
     * The monitoring page and the drift report, for {@code capstan server} and {@code capstan serve}; {@code monitor}
     * is null on a server without a prediction log.
     */
    public static void mountMonitoring(Router router, ModelMonitor monitor) {
        UiRoutes ui = new UiRoutes();
        router.get("/monitoring").handler(ctx -> ui.html(ctx, () -> MonitoringPage.render(monitor)));
        router.get("/monitoring/report").handler(ctx -> ui.html(ctx, REPORT_POLICY, () -> {
            if (monitor == null) {
                throw CapstanException.notFound("Monitoring is off on this server");
            }
            return HtmlReport.render(monitor.report(String.valueOf(param(ctx, "model")),
                    String.valueOf(param(ctx, "version"))));
        }));
    }

    /** The stylesheet and the script the pages load. */
    public static void mountStatic(Router router) {
        router.get("/static/capstan.js").handler(ctx -> ctx.response().putHeader("Content-Type",
                "text/javascript").putHeader("Cache-Control", "max-age=3600").end(Buffer.buffer(JS)));
        router.get("/static/capstan.css").handler(ctx -> ctx.response().putHeader("Content-Type", "text/css")
                .putHeader("Cache-Control", "max-age=3600").end(Buffer.buffer(CSS)));
    }

    private static String param(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null || value.isBlank() ? null : value;
    }

    private void html(RoutingContext ctx, Callable<String> page) {
        html(ctx, POLICY, page);
    }

    /** Renders {@code page} off the event loop and sends it under the content security {@code policy}. */
    private void html(RoutingContext ctx, String policy, Callable<String> page) {
        ctx.vertx().executeBlocking(page, false).onComplete(result -> {
            if (ctx.response().closed()) {
                return;
            }
            if (result.succeeded()) {
                send(ctx, 200, result.result(), policy);
                return;
            }
            CapstanException error = ErrorResponses.toCapstan(result.cause());
            int status = ErrorResponses.status(error.code());
            String title = error.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST ? "Not found"
                    : status < 500 ? "Cannot show this page" : "Something went wrong";
            send(ctx, status, Html.page(title, "", "<h1>" + Html.esc(title) + "</h1><p class=\"error\">"
                    + Html.esc(error.getMessage()) + "</p><p><a href=\"/\">All experiments</a></p>"), POLICY);
        });
    }

    /** An artifact's bytes: images inline (the previews show them), anything else as a download. */
    private void file(RoutingContext ctx, TrackingStore tracking, ArtifactStore artifacts) {
        String path = param(ctx, "path");
        ctx.vertx().executeBlocking(() -> {
            Run run = tracking.getRun(ctx.pathParam("id"));
            RunArtifacts files = RunArtifacts.of(run.info().artifactUri(), artifacts);
            if (files == null || path == null) {
                throw CapstanException.notFound("No artifact %s in this server's store", path);
            }
            try (InputStream in = files.open(path)) {
                return in.readAllBytes();
            }
        }, false).onComplete(result -> {
            if (result.failed()) {
                CapstanException error = ErrorResponses.toCapstan(result.cause());
                send(ctx, ErrorResponses.status(error.code()), Html.page("Not found", "", "<h1>Not found</h1><p "
                        + "class=\"error\">" + Html.esc(error.getMessage()) + "</p>"), POLICY);
                return;
            }
            String extension = ArtifactsPage.extension(path);
            String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
            ctx.response().putHeader("X-Content-Type-Options", "nosniff");
            if (ArtifactsPage.IMAGES.contains(extension)) {
                ctx.response().putHeader("Content-Type", "image/" + (extension.equals("jpg") ? "jpeg" : extension));
            } else {
                ctx.response().putHeader("Content-Type", "application/octet-stream")
                        .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
            }
            ctx.response().end(Buffer.buffer(result.result()));
        });
    }

    private static void send(RoutingContext ctx, int status, String html, String policy) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", policy).end(html);
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
