package dev.capstan.server.serving;

import dev.capstan.CapstanException;
import dev.capstan.server.serving.internal.ServingMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
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
    private ScheduledExecutorService poller;
    private volatile boolean closing;

    public ModelServing(ModelLocator locator, ServingConfig config) {
        this.locator = locator;
        this.config = config;
        this.metrics = new ServingMetrics(this::states);
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
        if (endpoints.containsKey(served)) {
            throw CapstanException.alreadyExists("A model named '%s' is already served", served);
        }
        ServedModel model = load(served, ref);
        ModelEndpoint endpoint = new ModelEndpoint(served, List.of(new ModelEndpoint.Variant("primary", uri, model,
                100)));
        if (endpoints.putIfAbsent(served, endpoint) != null) {
            model.retire();
            throw CapstanException.alreadyExists("A model named '%s' is already served", served);
        }
        return endpoint;
    }

    private ServedModel load(String name, ModelRef ref) {
        return ServedModel.load(name, ref, locator.fetch(ref), config, metrics);
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

    /** Whether every model is loaded and warm and the server is not shutting down. */
    public boolean ready() {
        return !closing && !endpoints.isEmpty();
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
            for (ModelEndpoint.Variant variant : endpoint.variants()) {
                if (!variant.model().ref().floating()) {
                    continue;
                }
                ModelRef now = locator.resolve(variant.uri());
                if (!now.version().equals(variant.model().version())) {
                    ServedModel loaded = load(endpoint.name(), now);
                    endpoint.swap(variant.name(), loaded);
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
        endpoints.values().forEach(ModelEndpoint::close);
        endpoints.clear();
        locator.close();
    }
}
