package dev.capstan.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** A real Capstan server on a random port over a temporary SQLite database and artifact directory. */
final class TestServer implements AutoCloseable {

    final CapstanServer server;
    final Path artifacts;
    /** The server's metadata database, for the stores that the CLI writes to directly (pipelines, schedules). */
    final String storeUri;
    private final HttpClient http = HttpClient.newHttpClient();

    TestServer(Path dir) {
        this(dir, ServerConfig.DEFAULT_MAX_REQUEST_BYTES, ServerConfig.DEFAULT_MAX_ARTIFACT_BYTES);
    }

    TestServer(Path dir, long maxRequestBytes, long maxArtifactBytes) {
        this(dir, maxRequestBytes, maxArtifactBytes, UnaryOperator.identity());
    }

    /** A server whose settings {@code configure} changes (monitoring, say). */
    TestServer(Path dir, UnaryOperator<ServerConfig> configure) {
        this(dir, ServerConfig.DEFAULT_MAX_REQUEST_BYTES, ServerConfig.DEFAULT_MAX_ARTIFACT_BYTES, configure);
    }

    private TestServer(Path dir, long maxRequestBytes, long maxArtifactBytes, UnaryOperator<ServerConfig> configure) {
        this.artifacts = dir.resolve("artifacts");
        this.storeUri = "sqlite:///" + dir.resolve("capstan.db");
        this.server = CapstanServer.start(configure.apply(new ServerConfig("127.0.0.1", 0, storeUri,
                artifacts.toString(), maxRequestBytes, maxArtifactBytes)));
    }

    String url() {
        return server.url();
    }

    HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(url() + pathAndQuery)).GET());
    }

    HttpResponse<byte[]> sendBytes(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
