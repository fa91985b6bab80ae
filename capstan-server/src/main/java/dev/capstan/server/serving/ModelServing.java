package dev.capstan.server.serving;

import dev.capstan.CapstanException;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.server.serving.internal.AccessLog;
import dev.capstan.server.serving.internal.Comparisons;
import dev.capstan.server.serving.internal.ServingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The models a server serves, by name. Models named by alias or stage follow their URI: {@link #refresh} (run every
 * poll interval once {@link #startPolling} is called) loads and warms a version the URI now names, then swaps it in
 * without a restart. Thread-safe.
 */
public final class ModelServing implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelServing.class);

    private final ModelLocator locator;
    private final ServingConfig config;
    private final Map<String, ModelEndpoint> endpoints = new ConcurrentHashMap<>();
    private final ServingMetrics metrics;
    private final Comparisons comparisons;
    private final AccessLog accessLog;
    private final PredictionLog predictionLog;
    private ScheduledExecutorService poller;
    private volatile boolean closing;

    /** Where served versions come from: resolves {@code models:/} URIs and fetches their packages. */
    public ModelLocator locator() {
        return locator;
    }

    public ModelServing(ModelLocator locator, ServingConfig config) {
        this.locator = locator;
        this.config = config;
        this.metrics = new ServingMetrics(this::states);
        this.comparisons = new Comparisons(metrics);
        this.accessLog = config.accessLog() == null ? null : AccessLog.open(config.accessLog());
        this.predictionLog = config.predictionLog() == null ? null
                : PredictionLog.open(Path.of(config.predictionLog()), Duration.ofSeconds(1), Duration.ofDays(30));
    }

    /** The prediction log, or null when predictions are not logged. */
    public PredictionLog predictionLog() {
        return predictionLog;
    }

    /** The access log, or null when requests are not logged. */
    public AccessLog accessLog() {
        return accessLog;
    }

    /** Where shadow and divergence comparisons run. */
    public Comparisons comparisons() {
        return comparisons;
    }

    public ServingConfig config() {
        return config;
    }

    public ServingMetrics metrics() {
        return metrics;
    }

    /**
     * Loads and warms the model {@code uri} names and serves it as {@code name} (the registered model's name when
     * null); refuses a name already served.
     */
    public ModelEndpoint serve(String name, String uri) {
        ModelRef ref = locator.resolve(uri);
        String served = name != null ? name : ref.name();
        requireFree(served);
        return add(served, ModelEndpoint.Traffic.only(new ModelEndpoint.Variant("primary", uri, load(served, ref))));
    }

    /** Loads and warms the version {@code uri} names now, to be served as {@code name}. */
    public ServedModel load(String name, String uri) {
        return load(name, locator.resolve(uri));
    }

    private ServedModel load(String name, ModelRef ref) {
        return ServedModel.load(name, ref, locator.fetch(ref), config, metrics);
    }

    /** Serves {@code traffic} under {@code name}; refuses a name already served (and retires the traffic's models). */
    public ModelEndpoint add(String name, ModelEndpoint.Traffic traffic) {
        ModelEndpoint endpoint = new ModelEndpoint(name, traffic);
        if (endpoints.putIfAbsent(name, endpoint) != null) {
            endpoint.close();
            throw CapstanException.alreadyExists("A model named '%s' is already served", name);
        }
        return endpoint;
    }

    /** Stops serving {@code name}: its versions close after their last requests. */
    public void remove(String name) {
        ModelEndpoint endpoint = endpoints.remove(name);
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private void requireFree(String name) {
        if (endpoints.containsKey(name)) {
            throw CapstanException.alreadyExists("A model named '%s' is already served", name);
        }
    }

    /** The endpoint, or 404 naming the served models. */
    public ModelEndpoint endpoint(String name) {
        ModelEndpoint endpoint = endpoints.get(name);
        if (endpoint == null) {
            throw CapstanException.notFound("Model '%s' is not served here; served models: %s", name,
                    endpoints.keySet().stream().sorted().toList());
        }
        return endpoint;
    }

    public Collection<ModelEndpoint> endpoints() {
        return endpoints.values();
    }

    /** Whether the server takes requests: models are loaded and warm before they are added, so until it drains. */
    public boolean ready() {
        return !closing;
    }

    /** Checks the floating URIs every poll interval. */
    public synchronized void startPolling() {
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "capstan-model-poller");
                t.setDaemon(true);
                return t;
            });
            long every = config.pollInterval().toMillis();
            poller.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Swaps in the version each alias or stage names now, where it moved; returns the swaps made. */
    public List<String> refresh() {
        List<String> swaps = new ArrayList<>();
        for (ModelEndpoint endpoint : endpoints.values()) {
            ModelEndpoint.Traffic traffic = endpoint.traffic();
            for (ModelEndpoint.Variant variant : Arrays.asList(traffic.primary(), traffic.candidate())) {
                if (variant == null || !variant.model().ref().floating()) {
                    continue;
                }
                ModelRef now = locator.resolve(variant.uri());
                if (!now.version().equals(variant.model().version())) {
                    ServedModel loaded = load(endpoint.name(), now);
                    endpoint.swap(variant, loaded);
                    String swap = String.format("%s: %s moved from version %s to %s", endpoint.name(), variant.uri(),
                            variant.model().version(), now.version());
                    LOG.info("Swapped {}", swap);
                    swaps.add(swap);
                }
            }
        }
        return swaps;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("Checking served models for new versions failed: {}", e.getMessage());
        }
    }

    /** Marks the server as not ready, so that load balancers stop sending requests before it closes. */
    public void drain() {
        closing = true;
    }

    private Collection<ServingMetrics.ModelState> states() {
        List<ServingMetrics.ModelState> states = new ArrayList<>();
        for (ModelEndpoint e : endpoints.values()) {
            for (ModelEndpoint.Variant v : e.variants()) {
                states.add(new ServingMetrics.ModelState(e.name(), v.model().version(), v.name(), v.model().queued(),
                        v.model().inFlight(), !closing));
            }
        }
        return states;
    }

    @Override
    public void close() {
        closing = true;
        if (poller != null) {
            poller.shutdownNow();
        }
        comparisons.close();
        if (accessLog != null) {
            accessLog.close();
        }
        if (predictionLog != null) {
            predictionLog.close();
        }
        endpoints.values().forEach(ModelEndpoint::close);
        endpoints.clear();
        locator.close();
    }
}
