package dev.capstan.cli.internal;

import dev.capstan.server.CapstanServer;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/** Keeps a server running in the foreground until the process is asked to stop (Ctrl-C, SIGTERM). */
public final class Serving {

    private Serving() {
    }

    /**
     * Blocks until the JVM shuts down; a shutdown hook then closes {@code server} gracefully, letting in-flight
     * requests finish, before the process exits.
     */
    public static void untilShutdown(CapstanServer server, PrintWriter out) throws InterruptedException {
        untilShutdown(server::close, server.url(), out);
    }

    /** Blocks until the JVM shuts down; a shutdown hook then runs {@code close} for the server at {@code url}. */
    public static void untilShutdown(Runnable close, String url, PrintWriter out) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping the server at " + url + " ...");
            out.flush();
            close.run();
            out.println("Stopped.");
            out.flush();
            stopped.countDown();
        }, "capstan-shutdown"));
        stopped.await();
    }
}
