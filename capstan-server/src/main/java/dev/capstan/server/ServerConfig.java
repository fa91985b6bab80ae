package dev.capstan.server;

import dev.capstan.store.StoreUri;
import dev.capstan.store.artifact.ArtifactStores;

/**
 * How {@code capstan server} runs. Binds to loopback unless told otherwise; request bodies of the REST API are
 * limited to {@code maxRequestBytes}, artifact uploads to {@code maxArtifactBytes}; inference requests are logged to
 * {@code accessLog} ({@code -}: standard output) when it is set.
 */
public record ServerConfig(String host, int port, String backendStoreUri, String artifactsDestination,
                           long maxRequestBytes, long maxArtifactBytes, String accessLog) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5000;
    public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_MAX_ARTIFACT_BYTES = 16L * 1024 * 1024 * 1024;

    /** A configuration without an access log. */
    public ServerConfig(String host, int port, String backendStoreUri, String artifactsDestination,
                        long maxRequestBytes, long maxArtifactBytes) {
        this(host, port, backendStoreUri, artifactsDestination, maxRequestBytes, maxArtifactBytes, null);
    }

    /** Embedded defaults: SQLite and a local artifact directory under {@code ./capstan-data}. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, DEFAULT_PORT, StoreUri.DEFAULT, ArtifactStores.DEFAULT_DESTINATION,
                DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_ARTIFACT_BYTES);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, backendStoreUri, artifactsDestination, maxRequestBytes, maxArtifactBytes,
                accessLog);
    }

    public ServerConfig withStores(String backend, String artifacts) {
        return new ServerConfig(host, port, backend, artifacts, maxRequestBytes, maxArtifactBytes, accessLog);
    }
}
