package dev.capstan.cli.serve;

import dev.capstan.Version;
import dev.capstan.cli.internal.Serving;
import dev.capstan.cli.registry.ModelFetch;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.monitor.MonitorConfig;
import dev.capstan.server.ModelServer;
import dev.capstan.server.serving.ModelEndpoint;
import dev.capstan.server.serving.ModelServing;
import dev.capstan.server.serving.RegistryModelLocator;
import dev.capstan.server.serving.ServingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code capstan serve}: serves models over the Open Inference Protocol, MLflow scoring and /predict. */
@Command(name = "serve", description = "Serve models (Open Inference Protocol v2, MLflow /invocations, /predict) "
        + "until interrupted.")
public final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Mixin
    private TrackingOptions tracking;
    @Mixin
    private ModelFetch fetch;
    @Parameters(arity = "1..*", paramLabel = "[NAME=]MODEL",
            description = "models:/name@alias, models:/name/3, models:/name/Production or a model directory; NAME= "
                    + "serves it under another name. Aliases and stages are followed: a new version is swapped in.")
    private List<String> models;
    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Interface to bind (default: ${DEFAULT-VALUE}).")
    private String host;
    @Option(names = {"--port", "-p"}, paramLabel = "PORT", defaultValue = "8080",
            description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    private int port;
    @Option(names = "--batching", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (batch when warm-up shows it pays), always or never (default: ${DEFAULT-VALUE}).")
    private ServingConfig.Batching batching;
    @Option(names = "--max-batch-rows", paramLabel = "N", defaultValue = "256",
            description = "Most rows predicted in one call (default: ${DEFAULT-VALUE}).")
    private int maxBatchRows;
    @Option(names = "--max-batch-delay-ms", paramLabel = "MS", defaultValue = "0",
            description = "How long a batch waits for more requests (default: ${DEFAULT-VALUE}: no waiting).")
    private long maxBatchDelayMs;
    @Option(names = "--max-queue", paramLabel = "N", defaultValue = "1024",
            description = "Requests that may wait per model; more get 503 with Retry-After "
                    + "(default: ${DEFAULT-VALUE}).")
    private int maxQueue;
    @Option(names = "--max-body-bytes", paramLabel = "N", defaultValue = "16777216",
            description = "Largest request body; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    private long maxBodyBytes;
    @Option(names = "--poll-seconds", paramLabel = "S", defaultValue = "10",
            description = "How often aliases and stages are checked for a new version (default: ${DEFAULT-VALUE}).")
    private long pollSeconds;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "Append one JSON line per inference request to FILE (- for standard output).")
    private String accessLog;

    @Option(names = "--prediction-log", paramLabel = "DIR",
            description = "Log the inputs and outputs of served rows to Parquet segments in DIR (for monitoring).")
    private String predictionLog;
    @Option(names = "--log-sample", paramLabel = "SHARE", defaultValue = "1",
            description = "The share of requests written to the prediction log, 0 to 1 (default: ${DEFAULT-VALUE}).")
    private double logSample;
    @Option(names = "--monitoring", paramLabel = "FILE",
            description = "Monitoring settings for the prediction log: window, drift tests, alert rules and "
                    + "webhooks (docs/monitoring.md).")
    private Path monitoring;

    @Override
    public Integer call() throws InterruptedException {
        ServingConfig config = ServingConfig.defaults()
                .withBatching(batching, maxBatchRows, Duration.ofMillis(maxBatchDelayMs))
                .withLimits(maxQueue, maxBodyBytes).withPollInterval(Duration.ofSeconds(pollSeconds))
                .withAccessLog(accessLog).withPredictionLog(predictionLog, logSample);
        PrintWriter out = spec.commandLine().getOut();
        ModelServing serving = new ModelServing(new RegistryModelLocator(tracking::openRegistry, tracking.uri(),
                fetch.artifactsDestination()), config);
        try {
            for (String model : models) {
                int eq = model.indexOf('=');
                boolean named = eq > 0 && !model.substring(0, eq).contains("/");
                ModelEndpoint endpoint = serving.serve(named ? model.substring(0, eq) : null,
                        named ? model.substring(eq + 1) : model);
                out.printf("Loaded %s version %s from %s%n", endpoint.name(),
                        endpoint.variants().get(0).model().version(), endpoint.variants().get(0).uri());
                out.flush();
            }
        } catch (RuntimeException e) {
            serving.close();
            throw e;
        }
        ModelServer server = ModelServer.start(serving, host, port, MonitorConfig.read(monitoring));
        out.printf("Capstan %s serving %d model(s) on %s%n", Version.get(), models.size(), server.url());
        out.printf("  POST %s/v2/models/{name}/infer   POST %s/invocations   POST %s/predict%n", server.url(),
                server.url(), server.url());
        out.printf("  GET  %s/v2/health/ready   GET %s/metrics%n", server.url(), server.url());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        Serving.untilShutdown(server::close, server.url(), out);
        return 0;
    }
}
