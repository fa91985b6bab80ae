package dev.capstan.cli.quickstart;

import dev.capstan.cli.internal.Progress;
import dev.capstan.cli.internal.RunTable;
import dev.capstan.cli.internal.Serving;
import dev.capstan.server.CapstanServer;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code capstan quickstart}: starts a local server, logs a demo experiment through its REST API (real HTTP, as any
 * MLflow client would), prints the runs and how to explore them, then keeps serving until Ctrl-C.
 */
@Command(name = "quickstart",
        description = "Start a local tracking server, log a demo experiment to it and keep serving until Ctrl-C.")
public final class QuickstartCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Option(names = {"--port", "-p"}, paramLabel = "PORT", defaultValue = "5000",
            description = "Port (default: ${DEFAULT-VALUE}; a free one is used if it is taken; 0 picks one).")
    private int port;
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "capstan-data",
            description = "Where the SQLite database and artifacts go (default: ./${DEFAULT-VALUE}).")
    private Path dataDir;
    @Option(names = "--no-wait", description = "Stop the server and exit once the demo is logged.")
    private boolean noWait;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        CapstanServer server = LocalServer.start(dataDir, port, out);
        out.printf("Tracking server running at %s (data in %s)%n", server.url(), dataDir.toAbsolutePath().normalize());
        out.flush();
        try {
            report(logDemo(server.url(), out), server.url(), out);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        if (noWait) {
            server.close();
            out.printf("Server stopped (--no-wait). Serve this data again with:%n  %s server %s%n", launcherName(),
                    LocalServer.storeOptions(dataDir));
            return 0;
        }
        out.printf("%nServing at %s; press Ctrl-C to stop.%n", server.url());
        out.flush();
        Serving.untilShutdown(server, out);
        return 0;
    }

    private static DemoExperiment.Result logDemo(String url, PrintWriter out) {
        try (TrackingStore store = TrackingStores.open(url);
             Progress progress = Progress.of("Logging demo runs", DemoExperiment.totalSteps(), out)) {
            return new DemoExperiment(store, new ArtifactUploader(url), progress).log();
        }
    }

    private static void report(DemoExperiment.Result result, String url, PrintWriter out) {
        out.printf("%nLogged %d runs to experiment '%s' (id %s), best first:%n%n", result.runs().size(),
                result.experiment().name(), result.experiment().experimentId());
        RunTable.print(result.runs(), DemoExperiment.RANKING, out);
        out.printf("%nEach run has per-epoch metric history and an artifact, summary.json.%n");
        printHints(result.runs().get(0), url, out);
    }

    /** Commands to copy and paste next, pointed at this server and the best run. */
    private static void printHints(Run best, String url, PrintWriter out) {
        String capstan = launcherName();
        out.printf("Explore them:%n");
        out.printf("  %s runs list --tracking-uri %s --experiment %s%n", capstan, url, DemoExperiment.NAME);
        out.printf("  %s runs list --tracking-uri %s --experiment %s --filter \"params.poly_degree = '2'\" "
                + "--order-by \"metrics.val_loss ASC\"%n", capstan, url, DemoExperiment.NAME);
        out.printf("  %s runs describe %s --tracking-uri %s%n", capstan, best.info().runId(), url);
        out.printf("  curl %s/api/2.0/mlflow-artifacts/artifacts/%s%n", url,
                ArtifactUploader.encodedPath(best.info().artifactUri(), "summary.json"));
        out.printf("MLflow clients (Python, Java, R) log here with: export MLFLOW_TRACKING_URI=%s%n", url);
        out.flush();
    }

    /** How the user started Capstan, for copy-paste examples: the launcher says so in {@code CAPSTAN_COMMAND}. */
    private static String launcherName() {
        String name = System.getenv("CAPSTAN_COMMAND");
        if (name == null || name.isBlank()) {
            return "capstan";
        }
        return name.contains(" ") ? "'" + name + "'" : name;
    }
}
