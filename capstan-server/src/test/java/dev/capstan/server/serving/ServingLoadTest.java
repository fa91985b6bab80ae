package dev.capstan.server.serving;

import dev.capstan.server.ModelServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.capstan.server.serving.ServingFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Load shedding and graceful shutdown of a real server with a real XGBoost model. */
class ServingLoadTest {

    private static final String ROWS = "{\"features\": " + rows(XGB) + "}";
    /** 41,000 rows: a large part of a second of work for the one batch worker. */
    private static final String MANY_ROWS = "{\"features\": [" + String.join(",", Collections.nCopies(200,
            rows(XGB).toString().substring(1, rows(XGB).toString().length() - 1))) + "]}";
    /** HTTP/1.1, one connection a request, as load balancers send them. */
    private static final HttpClient HTTP1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static ModelServer start(ServingConfig config) {
        ModelServing serving = new ModelServing(new RegistryModelLocator(() -> {
            throw new IllegalStateException("no registry in this test");
        }, null, null), config);
        serving.serve("xgb", XGB.resolve("model").toString());
        return ModelServer.start(serving, "127.0.0.1", 0);
    }

    private static CompletableFuture<HttpResponse<String>> send(ModelServer server, String body) {
        return HTTP1.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "/models/xgb/predict"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFullQueueAnswers503WithRetryAfterInsteadOfWaiting() throws Exception {
        ServingConfig config = new ServingConfig(ServingConfig.Batching.ALWAYS, 1, Duration.ZERO, 1, 1, 16L << 20,
                Duration.ofSeconds(10), null, null, 1);
        try (ModelServer server = start(config)) {
            ServedModel model = server.serving().endpoint("xgb").traffic().primary().model();
            CompletableFuture<HttpResponse<String>> busy = send(server, MANY_ROWS);
            waitUntil(() -> model.inFlight() == 1 && model.queued() == 0, "the worker busy with the large request");
            CompletableFuture<HttpResponse<String>> queued = send(server, ROWS);
            waitUntil(() -> model.queued() == 1, "one request queued");
            HttpResponse<String> shed = send(server, ROWS).get(30, TimeUnit.SECONDS);
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(shed.body()).contains("TEMPORARILY_UNAVAILABLE", "overloaded");
            assertThat(busy.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(get(server.url() + "/metrics").body()).contains(
                    "capstan_inference_requests_total{model=\"xgb\",status=\"503\",variant=\"primary\",version=\"1\"} 1.0");
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws Exception {
        long end = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("waiting for " + what).isLessThan(end);
            Thread.sleep(1);
        }
    }

    @Test
    void closingFinishesTheRequestsInFlight() throws Exception {
        ServingConfig config = new ServingConfig(ServingConfig.Batching.ALWAYS, 100_000, Duration.ofMillis(500), 1024,
                1, 16L << 20, Duration.ofSeconds(10), null, null, 1);
        ModelServer server = start(config);
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add(send(server, ROWS));
        }
        ServedModel model = server.serving().endpoint("xgb").traffic().primary().model();
        waitUntil(() -> model.inFlight() == 10, "ten requests waiting in the batch");
        server.close();
        for (CompletableFuture<HttpResponse<String>> f : sent) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r).get("predictions")).hasSize(205);
        }
    }
}
