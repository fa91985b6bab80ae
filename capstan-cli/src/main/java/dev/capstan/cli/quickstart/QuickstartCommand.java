package dev.capstan.cli.quickstart;

import dev.capstan.cli.internal.Serving;
import dev.capstan.server.CapstanServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code capstan quickstart}: the whole lifecycle on embedded defaults, offline and deterministic for a seed (see
 * {@link LifecycleTour}), then keeps serving until Ctrl-C.
 */
@Command(name = "quickstart", description = "Tour the whole lifecycle in a few minutes, offline: generate a churn "
        + "dataset, repro its pipeline, serve the champion, replay traffic, shift the data, detect the drift, alert, "
        + "retrain, canary and promote; then keep serving until Ctrl-C.")
public final class QuickstartCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "capstan-quickstart",
            description = "The project the tour writes: new or empty (default: ./${DEFAULT-VALUE}).")
    private Path dir;
    @Option(names = {"--port", "-p"}, paramLabel = "PORT", defaultValue = "5000",
            description = "Port (default: ${DEFAULT-VALUE}; a free one is used if it is taken; 0 picks one).")
    private int port;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "The seed of the generated data: the same seed, the same tour (default: ${DEFAULT-VALUE}).")
    private long seed;
    @Option(names = "--rows", paramLabel = "N", defaultValue = "600",
            description = "Customers per traffic replay; the generated tables hold ten times as many "
                    + "(default: ${DEFAULT-VALUE}).")
    private int rows;
    @Option(names = "--no-serve", description = "Stop the server and exit after the summary.")
    private boolean noServe;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Path project = dir.toAbsolutePath().normalize();
        CapstanServer server = new LifecycleTour(project, seed, rows, out).run(port);
        if (noServe) {
            server.close();
            out.printf("%nServer stopped (--no-serve). Serve the project again with: capstan server "
                    + "%s --prediction-log %s --monitoring %s%n", LocalServer.storeOptions(project.resolve("capstan-data")),
                    project.resolve("capstan-data/predictions"), project.resolve("configs/monitoring.yaml"));
            return 0;
        }
        out.printf("%nServing at %s; press Ctrl-C to stop.%n", server.url());
        out.flush();
        Serving.untilShutdown(server, out);
        return 0;
    }
}
