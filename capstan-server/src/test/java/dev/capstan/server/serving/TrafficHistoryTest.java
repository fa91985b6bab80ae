package dev.capstan.server.serving;

import dev.capstan.server.serving.internal.ServingMetrics;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each variant's rate, errors and latency percentiles, read from the real Prometheus counters of the serving path. */
class TrafficHistoryTest {

    private final ServingMetrics metrics = new ServingMetrics(List::of);

    @Test
    void eachVariantsRequestsErrorsAndPercentilesAreTheDifferenceBetweenTwoSamples() throws InterruptedException {
        serve("primary", "1", 200, 0.5, 20);
        try (TrafficHistory history = TrafficHistory.start(metrics, Duration.ofMillis(40))) {
            Thread.sleep(100);
            serve("primary", "1", 200, 0.002, 90);
            serve("candidate", "2", 200, 0.02, 10);
            serve("candidate", "2", 503, 0.2, 2);
            Map<TrafficHistory.Variant, TrafficHistory.Window> minute = history.lastMinute("churn");

            TrafficHistory.Window primary = minute.get(new TrafficHistory.Variant("primary", "1"));
            assertThat(primary.requests()).as("only what came after the oldest sample").isEqualTo(90);
            assertThat(primary.errors()).isZero();
            assertThat(primary.p50Millis()).isBetween(1.0, 2.5);
            assertThat(primary.p99Millis()).isBetween(1.0, 2.5);
            assertThat(primary.rate()).isPositive();

            TrafficHistory.Window candidate = minute.get(new TrafficHistory.Variant("candidate", "2"));
            assertThat(candidate.requests()).isEqualTo(12);
            assertThat(candidate.errorRate()).isEqualTo(2 / 12.0);
            assertThat(candidate.p50Millis()).isBetween(10.0, 25.0);
            assertThat(candidate.p99Millis()).isBetween(100.0, 250.0);
            assertThat(history.lastMinute("other")).isEmpty();

            Thread.sleep(200);
            Map<TrafficHistory.Variant, List<TrafficHistory.Window>> windows = history.history("churn");
            assertThat(windows.get(new TrafficHistory.Variant("primary", "1"))).hasSizeGreaterThan(3)
                    .extracting(TrafficHistory.Window::requests).containsOnly(0L, 90L)
                    .satisfies(counts -> assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(90));
        }
    }

    private void serve(String variant, String version, int status, double seconds, int times) {
        for (int i = 0; i < times; i++) {
            metrics.requests("churn", version, variant, status).inc();
            metrics.latency("churn", version, variant).observe(seconds);
        }
    }
}
