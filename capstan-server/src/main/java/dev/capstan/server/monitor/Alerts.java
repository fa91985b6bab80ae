package dev.capstan.server.monitor;

import dev.capstan.Json;
import dev.capstan.monitor.MonitorConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns evaluated conditions into alerts and delivers them. An alert is sent when its condition starts firing,
 * again only once the cooldown has passed while it keeps firing (deduplication), and once more as
 * {@code resolved} when it stops. Delivery runs on its own thread, in order, three attempts per webhook, so that a
 * slow receiver never holds an evaluation. Thread-safe.
 */
final class Alerts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Alerts.class);
    private static final int KEPT = 500;
    private static final int ATTEMPTS = 3;

    /** A condition's state: whether it fired at its last evaluation, and when it was last sent. */
    private record State(boolean firing, long sentMillis) {
    }

    private final MonitorConfig config;
    private final Map<String, State> states = new HashMap<>();
    private final Deque<Alert> recent = new ArrayDeque<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "capstan-alerts");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong failedDeliveries = new AtomicLong();

    Alerts(MonitorConfig config) {
        this.config = config;
    }

    /** Updates the states from one version's conditions and sends what changed; returns the alerts sent. */
    synchronized List<Alert> update(ModelHealth health, List<AlertConditions.Condition> conditions) {
        List<Alert> sent = new ArrayList<>();
        for (AlertConditions.Condition c : conditions) {
            String key = String.join("\u0000", c.rule().name(), health.model(), health.version(),
                    String.valueOf(c.subject()));
            State before = states.getOrDefault(key, new State(false, Long.MIN_VALUE));
            long now = health.timeMillis();
            if (c.firing() && (!before.firing() || now - before.sentMillis() >= config.cooldown().toMillis())) {
                sent.add(Alert.of(Alert.FIRING, c.rule(), health, c.subject(), c.value(), c.threshold(), c.message()));
                states.put(key, new State(true, now));
            } else if (!c.firing() && before.firing()) {
                sent.add(Alert.of(Alert.RESOLVED, c.rule(), health, c.subject(), c.value(), c.threshold(),
                        c.message()));
                states.put(key, new State(false, before.sentMillis()));
            }
        }
        sent.forEach(this::deliver);
        return sent;
    }

    /** Sends a notice that no monitored condition raised (a retraining's start and outcome) to the sinks. */
    synchronized void announce(Alert notice) {
        deliver(notice);
    }

    /** The conditions firing now, by rule, model, version and subject. */
    synchronized List<String[]> firing() {
        return states.entrySet().stream().filter(e -> e.getValue().firing())
                .map(e -> e.getKey().split("\u0000", -1)).toList();
    }

    /** The latest alerts sent, newest first (at most 500). */
    synchronized List<Alert> recent() {
        return List.copyOf(recent);
    }

    /** Webhook deliveries that failed all their attempts. */
    long failedDeliveries() {
        return failedDeliveries.get();
    }

    private void deliver(Alert alert) {
        recent.addFirst(alert);
        while (recent.size() > KEPT) {
            recent.removeLast();
        }
        if (config.logAlerts()) {
            if (alert.severity().equals("critical") && alert.status().equals(Alert.FIRING)) {
                LOG.error("Alert {}", alert.line());
            } else {
                LOG.warn("Alert {}", alert.line());
            }
        }
        for (MonitorConfig.Webhook hook : config.webhooks()) {
            delivery.execute(() -> post(hook, alert));
        }
    }

    private void post(MonitorConfig.Webhook hook, Alert alert) {
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(hook.format().equals("slack")
                    ? Map.of("text", (alert.status().equals(Alert.FIRING) ? ":rotating_light: " : ":white_check_mark: ")
                            + alert.line())
                    : alert);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(hook.url())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        String problem = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return;
                }
                problem = "HTTP " + status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                problem = e.toString();
            }
            sleep(attempt * 500L);
        }
        failedDeliveries.incrementAndGet();
        LOG.warn("Cannot deliver alert {} to {} after {} attempts: {}", alert.rule(), hook.url(), ATTEMPTS, problem);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers what is queued (up to ten seconds), then stops. */
    @Override
    public void close() {
        delivery.shutdown();
        try {
            delivery.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
