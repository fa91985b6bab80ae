package dev.capstan.server.serving.internal;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The serving metrics in Prometheus' text format: requests by model, version, variant and status, latency and batch
 * size histograms, and gauges for queue depth, in-flight requests and readiness. One registry per server, so that
 * two servers in one JVM (tests) keep separate counts. Thread-safe.
 */
public final class ServingMetrics {

    /** One served model version's state, read when {@code /metrics} is scraped. */
    public record ModelState(String model, String version, String variant, int queued, int inFlight, boolean ready) {
    }

    private static final String[] MODEL_LABELS = {"model", "version", "variant"};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter requests;
    private final Histogram latency;
    private final Histogram batchSize;

    public ServingMetrics(Supplier<Collection<ModelState>> states) {
        requests = Counter.builder().name("capstan_inference_requests_total")
                .help("Inference requests by model, version, variant and HTTP status")
                .labelNames("model", "version", "variant", "status").register(registry);
        latency = Histogram.builder().name("capstan_inference_request_duration_seconds")
                .help("Time from a request's arrival to its response, by model, version and variant")
                .labelNames(MODEL_LABELS).classicOnly()
                .classicUpperBounds(.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10)
                .register(registry);
        batchSize = Histogram.builder().name("capstan_inference_batch_rows")
                .help("Rows per model call: several requests predicted together form one batch")
                .labelNames("model", "version").classicOnly()
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096, 16384).register(registry);
        gauge("capstan_inference_queue_depth", "Requests waiting for a batch worker", states, ModelState::queued);
        gauge("capstan_inference_in_flight", "Requests being served", states, ModelState::inFlight);
        gauge("capstan_model_ready", "1 when the version is loaded and warmed up", states, s -> s.ready() ? 1 : 0);
    }

    private void gauge(String name, String help, Supplier<Collection<ModelState>> states,
                       ToDoubleFunction<ModelState> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(MODEL_LABELS)
                .callback(cb -> states.get().forEach(s -> cb.call(value.applyAsDouble(s), s.model(), s.version(),
                        s.variant())))
                .register(registry);
    }

    /** The request counter of one status for one variant. */
    public CounterDataPoint requests(String model, String version, String variant, int status) {
        return requests.labelValues(model, version, variant, Integer.toString(status));
    }

    /** The latency histogram of one variant, in seconds. */
    public DistributionDataPoint latency(String model, String version, String variant) {
        return latency.labelValues(model, version, variant);
    }

    /** Every variant's request counts now, by model, version, variant and status. */
    public CounterSnapshot requestCounts() {
        return requests.collect();
    }

    /** Every variant's latency histogram now, in seconds. */
    public HistogramSnapshot latencies() {
        return latency.collect();
    }

    /** The batch-size histogram of one version. */
    public DistributionDataPoint batchRows(String model, String version) {
        return batchSize.labelValues(model, version);
    }

    /** Registers further metrics (shadow agreement, rollouts) in the same registry. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Every metric in the Prometheus text format (version 0.0.4). */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The content type of {@link #scrape}. */
    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
