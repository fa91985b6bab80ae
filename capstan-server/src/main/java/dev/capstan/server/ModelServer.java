package dev.capstan.server;

import dev.capstan.monitor.MonitorConfig;
import dev.capstan.server.monitor.ModelMonitor;
import dev.capstan.server.monitor.MonitorRoutes;
import dev.capstan.server.ui.UiRoutes;
import dev.capstan.server.serving.ModelServing;
import dev.capstan.server.serving.ServingRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;

/**
 * {@code capstan serve}: an inference server for the models of a {@link ModelServing}, with no tracking store of its
 * own. {@link #close} first reports not ready, then stops accepting connections, lets in-flight requests finish and
 * drains the batch queues before it unloads the models.
 */
public final class ModelServer implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer http;
    private final ModelServing serving;
    private final String host;
    private final ModelMonitor monitor;

    private ModelServer(Vertx vertx, HttpServer http, ModelServing serving, String host, ModelMonitor monitor) {
        this.vertx = vertx;
        this.http = http;
        this.serving = serving;
        this.host = host;
        this.monitor = monitor;
    }

    /** Starts listening on {@code host:port} (port 0: any free port); the models must already be loaded. */
    public static ModelServer start(ModelServing serving, String host, int port) {
        return start(serving, host, port, MonitorConfig.defaults());
    }

    /**
     * Starts listening, and monitors the models as {@code monitoring} says when {@code serving} has a prediction
     * log.
     */
    public static ModelServer start(ModelServing serving, String host, int port, MonitorConfig monitoring) {
        Vertx vertx = Vertx.vertx();
        ModelMonitor monitor = ModelMonitor.start(serving, monitoring);
        try {
            Router router = Router.router(vertx);
            if (monitor != null) {
                MonitorRoutes.mount(router, monitor, serving.config().maxBodyBytes());
                UiRoutes.mountStatic(router);
                UiRoutes.mountMonitoring(router, monitor);
            }
            ServingRoutes.mount(router, serving);
            HttpServer http = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                    .requestHandler(router).listen(port, host)
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            serving.startPolling();
            return new ModelServer(vertx, http, serving, host, monitor);
        } catch (Exception e) {
            if (monitor != null) {
                monitor.close();
            }
            vertx.close();
            throw new IllegalStateException("Cannot start the model server on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    public int port() {
        return http.actualPort();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String shown = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return "http://" + (shown.contains(":") ? "[" + shown + "]" : shown) + ":" + port();
    }

    public ModelServing serving() {
        return serving;
    }

    /** The monitor of the served models, or null without a prediction log. */
    public ModelMonitor monitor() {
        return monitor;
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
        serving.drain();
        try {
            http.shutdown(30, TimeUnit.SECONDS).toCompletionStage().toCompletableFuture().get(35, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        } finally {
            serving.close();
            vertx.close();
        }
    }
}
