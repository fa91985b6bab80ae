package dev.capstan.cli.quickstart;

import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** Starts the quickstart's server on embedded stores under one data directory, on a free port if need be. */
final class LocalServer {

    private LocalServer() {
    }

    /** The SQLite database and artifact directory under {@code dataDir}, served on {@code port} or a free one. */
    static CapstanServer start(Path dataDir, int port, PrintWriter out) {
        Path dir = dataDir.toAbsolutePath().normalize();
        return start(ServerConfig.defaults()
                .withStores(sqliteUri(dir.resolve("capstan.db")), dir.resolve("artifacts").toString())
                .withPort(port), out);
    }

    /** A server as {@code config} says, on a free port when its port is taken. */
    static CapstanServer start(ServerConfig config, PrintWriter out) {
        if (config.port() != 0 && !isFree(config.host(), config.port())) {
            out.printf("Port %d is in use; using a free port instead.%n", config.port());
            config = config.withPort(0);
        }
        return CapstanServer.start(config);
    }

    /** The {@code capstan server} options that serve the stores under {@code dataDir}. */
    static String storeOptions(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        return "--backend-store-uri " + quoted(sqliteUri(dir.resolve("capstan.db")))
                + " --artifacts-destination " + quoted(dir.resolve("artifacts").toString());
    }

    private static String quoted(String value) {
        return value.contains(" ") ? "'" + value + "'" : value;
    }

    /** {@code sqlite:///} followed by the file's path: four slashes for an absolute path, as MLflow writes it. */
    static String sqliteUri(Path file) {
        return "sqlite:///" + file.toString().replace('\\', '/');
    }

    private static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
