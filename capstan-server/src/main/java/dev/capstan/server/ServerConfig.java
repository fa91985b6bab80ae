package dev.capstan.server;

import dev.capstan.monitor.MonitorConfig;
import dev.capstan.store.StoreUri;
import dev.capstan.store.artifact.ArtifactStores;

/**
 * How {@code capstan server} runs. Binds to loopback unless told otherwise; request bodies of the REST API are
 * limited to {@code maxRequestBytes}, artifact uploads to {@code maxArtifactBytes}; inference requests are logged to
 * {@code accessLog} ({@code -}: standard output) when it is set. With a {@code predictionLog} directory, the
 * served rows (a {@code logSample} share of requests) are logged and monitored as {@code monitoring} says.
 */
public record ServerConfig(String host, int port, String backendStoreUri, String artifactsDestination,
                           long maxRequestBytes, long maxArtifactBytes, String accessLog, String predictionLog,
                           double logSample, MonitorConfig monitoring) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5000;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;
    public static final String DEFAULT_PREDICTION_LOG = "./capstan-data/predictions";
    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 16L * 1024 * 1024 * 1024;

    /** A configuration without an access log. */
    public ServerConfig(String host, int port, String backendStoreUri, String artifactsDestination,
                        long maxRequestBytes, long maxArtifactBytes) {
        this(host, port, backendStoreUri, artifactsDestination, maxRequestBytes, maxArtifactBytes, null, null, 1,
                MonitorConfig.defaults());
    }

    /** Embedded defaults: SQLite and a local artifact directory under {@code ./capstan-data}. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, StoreUri.DEFAULT, ArtifactStores.DEFAULT_DESTINATION,
                DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_ARTIFACT_BYTES);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, backendStoreUri, artifactsDestination, maxRequestBytes, maxArtifactBytes,
                accessLog, predictionLog, logSample, monitoring);
    }

    public ServerConfig withStores(String backend, String artifacts) {
        return new ServerConfig(host, port, backend, artifacts, maxRequestBytes, maxArtifactBytes, accessLog,
                predictionLog, logSample, monitoring);
    }

    public ServerConfig withAccessLog(String target) {
        return new ServerConfig(host, port, backendStoreUri, artifactsDestination, maxRequestBytes, maxArtifactBytes,
                target, predictionLog, logSample, monitoring);
    }

    /** Logs served rows into {@code dir} ({@code sample}: the share of requests) and monitors them. */
    public ServerConfig withMonitoring(String dir, double sample, MonitorConfig config) {
        return new ServerConfig(host, port, backendStoreUri, artifactsDestination, maxRequestBytes, maxArtifactBytes,
                accessLog, dir, sample, config);
    }
}
