package dev.capstan.server;

import dev.capstan.Version;
import dev.capstan.pipeline.ScheduleStore;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.internal.SqlModelRegistryStore;
import dev.capstan.deploy.DeploymentStore;
import dev.capstan.server.artifacts.ArtifactRoutes;
import dev.capstan.server.deploy.DeploymentManager;
import dev.capstan.server.deploy.DeploymentRoutes;
import dev.capstan.server.internal.CallerFilter;
import dev.capstan.server.internal.ErrorResponses;
import dev.capstan.server.monitor.ModelMonitor;
import dev.capstan.server.monitor.MonitorRoutes;
import dev.capstan.server.registry.RegistryRoutes;
import dev.capstan.server.retrain.RetrainRoutes;
import dev.capstan.server.retrain.Retraining;
import dev.capstan.server.serving.ModelServing;
import dev.capstan.server.serving.RegistryModelLocator;
import dev.capstan.server.ui.UiRoutes;
import dev.capstan.server.ui.UiSources;
import dev.capstan.server.serving.ServingConfig;
import dev.capstan.server.serving.ServingRoutes;
import dev.capstan.server.serving.TrafficHistory;
import dev.capstan.server.tracking.RunArtifacts;
import dev.capstan.server.tracking.TrackingRoutes;
import dev.capstan.store.Database;
import dev.capstan.store.artifact.ArtifactStore;
import dev.capstan.store.artifact.ArtifactStores;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.internal.SqlTrackingStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code capstan server}: the MLflow-compatible tracking server, model registry and artifact proxy over a metadata
 * store and an artifact store, and the deployments it serves (the inference routes of {@code capstan serve}). Start
 * it with {@link #start}; {@link #close} reports not ready, stops accepting requests, lets in-flight ones finish,
 * unloads the models and closes the stores.
 */
public final class CapstanServer implements AutoCloseable {

    private static final String[] API_PREFIXES = {"/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/"};
    private static final String[] CAPSTAN_API_PREFIXES = {"/api/2.0/capstan/", "/ajax-api/2.0/capstan/"};
    private static final String[] ARTIFACT_BASES = {
        "/api/2.0/mlflow-artifacts/artifacts", "/ajax-api/2.0/mlflow-artifacts/artifacts"};

    private final Vertx vertx;
    private final HttpServer http;
    private final TrackingStore tracking;
    private final ServerConfig config;
    private final ModelServing serving;
    private final DeploymentManager deployments;
    private final ModelMonitor monitor;
    private final Retraining retraining;
    private final TrafficHistory traffic;

    private CapstanServer(Vertx vertx, HttpServer http, TrackingStore tracking, ServerConfig config,
                          ModelServing serving, DeploymentManager deployments, ModelMonitor monitor,
                          Retraining retraining, TrafficHistory traffic) {
        this.retraining = retraining;
        this.traffic = traffic;
        this.vertx = vertx;
        this.http = http;
        this.tracking = tracking;
        this.config = config;
        this.serving = serving;
        this.deployments = deployments;
        this.monitor = monitor;
    }

    /** Opens the stores and starts listening; fails fast when a store cannot be opened or the port is taken. */
    public static CapstanServer start(ServerConfig config) {
        Database db = Database.open(config.backendStoreUri());
        TrackingStore tracking = new SqlTrackingStore(db);
        ModelRegistryStore registry = new SqlModelRegistryStore(db);
        ArtifactStore artifacts = ArtifactStores.open(config.artifactsDestination());
        ModelServing serving = new ModelServing(new RegistryModelLocator(
                () -> new SqlModelRegistryStore(Database.open(config.backendStoreUri())), config.backendStoreUri(),
                config.artifactsDestination()), ServingConfig.defaults().withLimits(1024, config.maxRequestBytes())
                .withAccessLog(config.accessLog()).withPredictionLog(config.predictionLog(), config.logSample()));
        DeploymentManager deployments = new DeploymentManager(new DeploymentStore(db), serving, () -> registry);
        Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(32));
        ModelMonitor monitor = null;
        Retraining retraining = null;
        TrafficHistory traffic = null;
        try {
            deployments.start();
            serving.startPolling();
            Router router = router(vertx, config, tracking, registry, artifacts);
            for (String prefix : CAPSTAN_API_PREFIXES) {
                new DeploymentRoutes(deployments).mount(router, prefix);
            }
            monitor = ModelMonitor.start(serving, config.monitoring());
            if (monitor != null) {
                MonitorRoutes.mount(router, monitor, config.maxRequestBytes());
            }
            traffic = TrafficHistory.start(serving.metrics());
            UiRoutes.mount(router, new UiSources(tracking, registry, artifacts, deployments, traffic,
                    new ScheduleStore(db)));
            UiRoutes.mountMonitoring(router, monitor);
            retraining = new Retraining(registry, tracking, artifacts, serving.locator(), deployments,
                    monitor);
            retraining.schedule(monitor == null ? Duration.ofMinutes(1) : config.monitoring().interval());
            RetrainRoutes retrain = new RetrainRoutes(retraining);
            for (String prefix : CAPSTAN_API_PREFIXES) {
                retrain.mount(router, prefix);
            }
            ServingRoutes.mount(router, serving);
            HttpServer http = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
                    .requestHandler(router)
                    .listen(config.port(), config.host())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return new CapstanServer(vertx, http, tracking, config, serving, deployments, monitor, retraining,
                    traffic);
        } catch (Exception e) {
            if (traffic != null) {
                traffic.close();
            }
            if (retraining != null) {
                retraining.close();
            }
            if (monitor != null) {
                monitor.close();
            }
            vertx.close();
            deployments.close();
            serving.close();
            tracking.close();
            throw new IllegalStateException("Cannot start the server on " + config.host() + ":" + config.port() + ": "
                    + rootMessage(e), e);
        }
    }

    static Router router(Vertx vertx, ServerConfig config, TrackingStore tracking, ModelRegistryStore registry,
                         ArtifactStore artifacts) {
        Router router = Router.router(vertx);
        router.route().handler(CallerFilter::handle);
        router.route().failureHandler(ErrorResponses::handle);
        router.errorHandler(404, ErrorResponses::handle);
        router.errorHandler(405, ErrorResponses::handle);
        router.errorHandler(413, ErrorResponses::handle);
        TrackingRoutes trackingRoutes = new TrackingRoutes(tracking, new RunArtifacts(tracking, artifacts));
        RegistryRoutes registryRoutes = new RegistryRoutes(registry);
        for (String prefix : API_PREFIXES) {
            router.route(prefix + "*").handler(BodyHandler.create(false).setBodyLimit(config.maxRequestBytes()));
            trackingRoutes.mount(router, prefix);
            registryRoutes.mount(router, prefix);
        }
        for (String prefix : CAPSTAN_API_PREFIXES) {
            router.route(prefix + "*").handler(BodyHandler.create(false).setBodyLimit(config.maxRequestBytes()));
            registryRoutes.mountCapstan(router, prefix);
        }
        ArtifactRoutes artifactRoutes = new ArtifactRoutes(artifacts, config.maxArtifactBytes());
        for (String base : ARTIFACT_BASES) {
            artifactRoutes.mount(router, base);
        }
        router.route(HttpMethod.GET, "/health").handler(ctx -> ctx.response().end("OK"));
        router.route(HttpMethod.GET, "/version").handler(ctx -> ctx.response().end(Version.get()));
        return router;
    }

    public int port() {
        return http.actualPort();
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:5000}. */
    public String url() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** The models this server serves (its deployments' versions). */
    public ModelServing serving() {
        return serving;
    }

    /** The deployments this server runs. */
    public DeploymentManager deployments() {
        return deployments;
    }

    /** The monitor of the served models, or null without a prediction log. */
    public ModelMonitor monitor() {
        return monitor;
    }

    @Override
    public void close() {
        traffic.close();
        retraining.close();
        if (monitor != null) {
            monitor.close();
        }
        serving.drain();
        try {
            http.shutdown().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // closing anyway
        } finally {
            deployments.close();
            serving.close();
            vertx.close();
            tracking.close();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
