package dev.capstan.cli.server;

import dev.capstan.Version;
import dev.capstan.monitor.MonitorConfig;
import dev.capstan.cli.internal.Serving;
import dev.capstan.pipeline.ScheduleStore;
import dev.capstan.pipeline.Scheduler;
import dev.capstan.server.CapstanServer;
import dev.capstan.server.ServerConfig;
import dev.capstan.store.StoreUri;
import dev.capstan.store.artifact.ArtifactStores;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code capstan server}: runs the tracking server in the foreground until Ctrl-C or SIGTERM. */
@Command(name = "server",
        description = "Run the tracking server (MLflow REST API, artifact proxy, deployments) until interrupted.")
public final class ServerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Option(names = "--host", paramLabel = "HOST", defaultValue = ServerConfig.DEFAULT_HOST,
            description = "Interface to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the server to the network).")
    private String host;
    @Option(names = {"--port", "-p"}, paramLabel = "PORT", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;
    @Option(names = "--backend-store-uri", paramLabel = "URI", defaultValue = StoreUri.DEFAULT,
            description = "Metadata store: sqlite:///path.db or postgresql://user@host:port/db (default: ${DEFAULT-VALUE}).")
    private String backendStoreUri;
    @Option(names = "--artifacts-destination", paramLabel = "URI", defaultValue = ArtifactStores.DEFAULT_DESTINATION,
            description = "Artifact store: a directory, file:///path or s3://bucket/prefix (default: ${DEFAULT-VALUE}).")
    private String artifactsDestination;
    @Option(names = "--max-request-bytes", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_REQUEST_BYTES,
            description = "Largest REST request body accepted (default: ${DEFAULT-VALUE}).")
    private long maxRequestBytes;
    @Option(names = "--max-artifact-bytes", paramLabel = "N", defaultValue = "" + ServerConfig.DEFAULT_MAX_ARTIFACT_BYTES,
            description = "Largest artifact upload accepted (default: ${DEFAULT-VALUE}).")
    private long maxArtifactBytes;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "Append one JSON line per inference request to FILE (- for standard output).")
    private String accessLog;
    @Option(names = "--prediction-log", paramLabel = "DIR", defaultValue = ServerConfig.DEFAULT_PREDICTION_LOG,
            description = "Log the inputs and outputs of served rows to Parquet segments in DIR, and monitor them "
                    + "(default: ${DEFAULT-VALUE}).")
    private String predictionLog;
    @Option(names = "--log-sample", paramLabel = "SHARE", defaultValue = "1",
            description = "The share of requests written to the prediction log, 0 to 1 (default: ${DEFAULT-VALUE}).")
    private double logSample;
    @Option(names = "--monitoring", paramLabel = "FILE",
            description = "Monitoring settings: window, drift tests, alert rules and webhooks (docs/monitoring.md).")
    private Path monitoring;

    @Override
    public Integer call() throws InterruptedException {
        CapstanServer server = CapstanServer.start(new ServerConfig(host, port, backendStoreUri, artifactsDestination,
                maxRequestBytes, maxArtifactBytes).withAccessLog(accessLog)
                .withMonitoring(predictionLog, logSample, MonitorConfig.read(monitoring)));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Capstan %s tracking server listening on %s%n", Version.get(), server.url());
        out.printf("  backend store: %s%n  artifacts:     %s%n", StoreUri.parse(backendStoreUri), artifactsDestination);
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            out.printf("  warning: bound to %s without authentication; anyone who can reach it can read and write runs%n",
                    host);
        }
        try (ScheduleStore schedules = ScheduleStore.open(backendStoreUri);
             Scheduler scheduler = new Scheduler(schedules, Clock.systemUTC(), line -> {
                 synchronized (out) {
                     out.println(line);
                     out.flush();
                 }
             })) {
            scheduler.start();
            out.printf("  scheduler:     %d schedule(s) (capstan schedule list)%n", schedules.list().size());
            out.printf("  deployments:   %d (capstan deploy list); inference at %s/v2/models/{name}/infer and "
                    + "%s/models/{name}/invocations%n", server.deployments().list().size(), server.url(), server.url());
            out.printf("  monitoring:    prediction log in %s; %s/api/2.0/capstan/monitor/status, feedback at "
                    + "%s/v2/feedback%n", predictionLog, server.url(), server.url());
            out.println("Press Ctrl-C to stop.");
            out.flush();
            Serving.untilShutdown(server, out);
        }
        return 0;
    }
}
