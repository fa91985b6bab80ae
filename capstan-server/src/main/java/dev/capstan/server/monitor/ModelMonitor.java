package dev.capstan.server.monitor;

import dev.capstan.monitor.MonitorConfig;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.monitor.ReferenceProfile;
import dev.capstan.monitor.WindowDrift;
import dev.capstan.server.serving.ModelEndpoint;
import dev.capstan.server.serving.ModelServing;
import dev.capstan.server.serving.ServedModel;
import dev.capstan.server.serving.internal.WindowStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Monitors the served model versions: every interval it reads each version's window of the prediction log, tests
 * its drift against the version's reference profile, scores the rows that have feedback, takes the interval's
 * latency and error rate, publishes all of it as Prometheus gauges, and raises alerts by the configured rules.
 * Thread-safe; {@link #evaluate} may also be called on demand.
 */
public final class ModelMonitor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelMonitor.class);
    /** A day of evaluations at the default interval of a minute. */
    private static final int KEPT_EVALUATIONS = 1440;

    private final ModelServing serving;
    private final PredictionLog log;
    private final MonitorConfig config;
    private final Alerts alerts;
    private final Map<String, ModelHealth> latest = new ConcurrentHashMap<>();
    private final Map<String, List<ModelHealth>> history = new ConcurrentHashMap<>();
    private final Map<String, Double> baselineP99 = new ConcurrentHashMap<>();
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capstan-monitor");
        t.setDaemon(true);
        return t;
    });

    private ModelMonitor(ModelServing serving, MonitorConfig config) {
        this.serving = serving;
        this.log = serving.predictionLog();
        this.config = config;
        this.alerts = new Alerts(config);
        MonitorGauges.register(serving.metrics().registry(), this::latest, alerts::firing);
    }

    /**
     * Starts monitoring the models of {@code serving} every {@code config.interval()}; null when it has no prediction
     * log, without which there is nothing to monitor.
     */
    public static ModelMonitor start(ModelServing serving, MonitorConfig config) {
        if (serving.predictionLog() == null) {
            return null;
        }
        ModelMonitor monitor = new ModelMonitor(serving, config);
        long every = config.interval().toMillis();
        monitor.schedule.scheduleWithFixedDelay(monitor::evaluateQuietly, every, every, TimeUnit.MILLISECONDS);
        return monitor;
    }

    public MonitorConfig config() {
        return config;
    }

    public PredictionLog log() {
        return log;
    }

    private void evaluateQuietly() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.warn("Monitoring failed: {}", e.getMessage(), e);
        }
    }

    /** Evaluates every served version now: its health, the gauges, and the alerts; returns the healths. */
    public synchronized List<ModelHealth> evaluate() {
        log.flush();
        long now = System.currentTimeMillis();
        Set<String> seen = new HashSet<>();
        List<ModelHealth> healths = new ArrayList<>();
        for (ModelEndpoint endpoint : serving.endpoints()) {
            for (ModelEndpoint.Variant variant : endpoint.variants()) {
                ServedModel model = variant.model();
                String key = endpoint.name() + "\u0000" + model.version();
                if (!seen.add(key)) {
                    continue;
                }
                ModelHealth health = health(endpoint.name(), model, now);
                latest.put(key, health);
                remember(key, health);
                healths.add(health);
                alerts.update(health, AlertConditions.evaluate(config.rules(), health, config.minRows()));
            }
        }
        latest.keySet().retainAll(seen);
        history.keySet().retainAll(seen);
        return healths;
    }

    private void remember(String key, ModelHealth health) {
        List<ModelHealth> kept = history.computeIfAbsent(key, k -> new ArrayList<>());
        synchronized (kept) {
            kept.add(health);
            if (kept.size() > KEPT_EVALUATIONS) {
                kept.remove(0);
            }
        }
    }

    /** The evaluations of a served version since it was served (the last {@value #KEPT_EVALUATIONS}), oldest first. */
    public List<ModelHealth> history(String name, String version) {
        List<ModelHealth> kept = history.getOrDefault(name + "\u0000" + version, List.of());
        synchronized (kept) {
            return List.copyOf(kept);
        }
    }

    /**
     * The drift and performance report of a served version over the current window, as {@code capstan monitor
     * report} writes it; not found when the version is not served or has no reference profile.
     */
    public MonitorReport report(String name, String version) {
        ServedModel model = serving.endpoints().stream().filter(e -> e.name().equals(name))
                .flatMap(e -> e.variants().stream()).map(ModelEndpoint.Variant::model)
                .filter(m -> m.version().equals(version)).findFirst()
                .orElseThrow(() -> dev.capstan.CapstanException.notFound("No deployment %s serves version %s", name,
                        version));
        if (model.reference() == null) {
            throw dev.capstan.CapstanException.notFound("Version %s of %s has no reference profile to report drift "
                    + "against", version, name);
        }
        log.flush();
        long since = config.windowDuration() == null ? 0
                : System.currentTimeMillis() - config.windowDuration().toMillis();
        return MonitorReport.of(name, version, model.reference(), log.read(name, version, since,
                config.windowRows()), config);
    }

    private ModelHealth health(String name, ServedModel model, long now) {
        long since = config.windowDuration() == null ? 0 : now - config.windowDuration().toMillis();
        PredictionLog.Rows window = log.read(name, model.version(), since, config.windowRows());
        WindowStats.Window interval = model.monitorStats().drain();
        double p99 = interval.p99Millis();
        String key = name + "\u0000" + model.version();
        if (interval.requests() >= config.minRows()) {
            baselineP99.putIfAbsent(key, p99);
        }
        ReferenceProfile reference = model.reference();
        int rows = window.rows().size();
        String status = reference == null ? ModelHealth.NO_REFERENCE
                : rows < config.minRows() ? ModelHealth.NOT_ENOUGH_DATA : ModelHealth.OK;
        WindowDrift drift = status.equals(ModelHealth.OK) ? WindowDrift.of(reference, window, config.drift()) : null;
        List<String> outputs = window.columns().stream().filter(c -> c.startsWith("out_"))
                .map(c -> c.substring(4)).toList();
        String watched = reference != null ? reference.predictionColumn() : ReferenceProfile.watchedOutput(outputs);
        return new ModelHealth(name, model.version(), now, rows, status, drift == null ? null : drift.inputs(),
                drift == null ? null : drift.prediction(), watched == null ? Double.NaN : window.mean("out_" + watched),
                reference == null ? Double.NaN : reference.predictionMean(),
                Performance.of(window, reference == null ? List.of() : reference.classes()),
                reference == null ? Map.of() : reference.metrics(), interval.requests(), interval.errorRate(), p99,
                baselineP99.getOrDefault(key, Double.NaN));
    }

    /** The latest evaluation of every served version. */
    public List<ModelHealth> latest() {
        return List.copyOf(latest.values());
    }

    /** Sends a notice (see {@link Alert#notice}) to the alert sinks, as alerts go. */
    public void announce(Alert notice) {
        alerts.announce(notice);
    }

    /** The latest alerts sent, newest first. */
    public List<Alert> recentAlerts() {
        return alerts.recent();
    }

    /** Everything {@code GET .../monitor/status} answers: the latest healths and alerts. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("models", latest().stream().sorted(java.util.Comparator.comparing(ModelHealth::model)
                .thenComparing(ModelHealth::version)).toList());
        status.put("alerts", recentAlerts());
        status.put("failed_alert_deliveries", alerts.failedDeliveries());
        return status;
    }

    @Override
    public void close() {
        schedule.shutdownNow();
        alerts.close();
    }
}
