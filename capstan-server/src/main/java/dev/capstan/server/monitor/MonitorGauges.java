package dev.capstan.server.monitor;

import dev.capstan.monitor.ColumnDrift;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The monitor's Prometheus gauges, read from the latest evaluation when {@code /metrics} is scraped; a value that is
 * not known (NaN: no reference, not enough data, no labels) is left out rather than exported.
 */
final class MonitorGauges {

    private static final String[] VERSION = {"model", "version"};

    private MonitorGauges() {
    }

    static void register(PrometheusRegistry registry, Supplier<Collection<ModelHealth>> latest,
                         Supplier<List<String[]>> firing) {
        perVersion(registry, latest, "capstan_monitor_window_rows", "Logged rows in the monitoring window",
                h -> h.windowRows());
        perVersion(registry, latest, "capstan_monitor_drift_share",
                "Share of input columns that drifted from the reference", h -> h.drift() == null ? Double.NaN
                        : h.drift().share());
        perVersion(registry, latest, "capstan_monitor_dataset_drift",
                "1 when the drifted share reaches the dataset drift threshold", h -> h.drift() == null ? Double.NaN
                        : h.drift().drifted() ? 1 : 0);
        perVersion(registry, latest, "capstan_monitor_prediction_mean", "Mean of the watched prediction in the window",
                ModelHealth::predictionMean);
        perVersion(registry, latest, "capstan_monitor_prediction_mean_reference",
                "Mean of the watched prediction over the reference sample", ModelHealth::referencePredictionMean);
        perVersion(registry, latest, "capstan_monitor_prediction_drift_score",
                "Drift score of the watched prediction (p-value or distance, by its test)",
                h -> h.predictionDrift() == null ? Double.NaN : h.predictionDrift().score());
        perVersion(registry, latest, "capstan_monitor_labeled_rows", "Rows of the window that have feedback",
                h -> h.performance().labeled());
        perVersion(registry, latest, "capstan_monitor_error_rate", "Share of non-2xx answers since the last evaluation",
                h -> h.requests() == 0 ? Double.NaN : h.errorRate());
        perVersion(registry, latest, "capstan_monitor_latency_p99_seconds",
                "99th-percentile latency since the last evaluation", h -> h.requests() == 0 ? Double.NaN
                        : h.p99Millis() / 1000);
        perVersion(registry, latest, "capstan_monitor_latency_p99_baseline_seconds",
                "99th-percentile latency of the version's first evaluation with enough requests",
                h -> h.baselineP99Millis() / 1000);
        labelled(registry, latest, "capstan_monitor_feature_drift_score",
                "A column's drift score (p-value or distance, by its test)", new String[] {"model", "version",
                    "feature", "method"}, (h, cb) -> columns(h, c -> cb.call(c.score(), h.model(), h.version(),
                        c.column(), c.method().wireName())));
        labelled(registry, latest, "capstan_monitor_feature_drifted", "1 when a column drifted",
                new String[] {"model", "version", "feature"}, (h, cb) -> columns(h, c -> cb.call(c.drifted() ? 1 : 0,
                        h.model(), h.version(), c.column())));
        labelled(registry, latest, "capstan_monitor_performance", "A metric over the window's rows that have feedback",
                new String[] {"model", "version", "metric"}, (h, cb) -> h.performance().metrics().forEach((m, v) ->
                        cb.call(v, h.model(), h.version(), m)));
        labelled(registry, latest, "capstan_monitor_performance_baseline",
                "A metric of the version's baseline (its test scores)", new String[] {"model", "version", "metric"},
                (h, cb) -> h.baseline().forEach((m, v) -> cb.call(v, h.model(), h.version(), m)));
        GaugeWithCallback.builder().name("capstan_monitor_alert_firing").help("1 for each alert firing now")
                .labelNames("rule", "model", "version", "subject")
                .callback(cb -> firing.get().forEach(k -> cb.call(1, k[0], k[1], k[2], k[3].equals("null") ? ""
                        : k[3])))
                .register(registry);
    }

    /** Calls back for a gauge's data points, skipping unknown (NaN) values. */
    private interface Points {
        void call(double value, String... labels);
    }

    private static void perVersion(PrometheusRegistry registry, Supplier<Collection<ModelHealth>> latest,
                                   String name, String help, ToDoubleFunction<ModelHealth> value) {
        labelled(registry, latest, name, help, VERSION, (h, cb) -> cb.call(value.applyAsDouble(h), h.model(),
                h.version()));
    }

    private static void labelled(PrometheusRegistry registry, Supplier<Collection<ModelHealth>> latest, String name,
                                 String help, String[] labels, BiConsumer<ModelHealth, Points> points) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels)
                .callback(cb -> latest.get().forEach(h -> points.accept(h, (value, values) -> {
                    if (!Double.isNaN(value)) {
                        cb.call(value, values);
                    }
                })))
                .register(registry);
    }

    private static void columns(ModelHealth h, java.util.function.Consumer<ColumnDrift> each) {
        if (h.drift() != null) {
            h.drift().columns().forEach(each);
        }
    }
}
