package dev.capstan.cli.internal;

import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunData;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.RunInputs;
import dev.capstan.tracking.RunStatus;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunTableTest {

    private static final Run A = run("a", List.of(new Metric("loss", 0.5, 1L, 0L), new Metric("acc", 0.7, 1L, 0L)),
            List.of(new Param("seed", "42"), new Param("lr", "0.1")));
    private static final Run B = run("b", List.of(new Metric("loss", 0.4, 1L, 0L)),
            List.of(new Param("seed", "42"), new Param("lr", "0.5")));

    @Test
    void paramsThatTellRunsApartComeFirst() {
        assertThat(RunTable.paramKeys(List.of(A, B))).containsExactly("lr", "seed");
    }

    @Test
    void sortedMetricsComeFirst() {
        assertThat(RunTable.metricKeys(List.of(A, B), List.of())).containsExactly("acc", "loss");
        assertThat(RunTable.metricKeys(List.of(A, B), List.of("metrics.loss DESC"))).containsExactly("loss", "acc");
        assertThat(RunTable.orderedMetric("metric.`val loss` ASC")).isEqualTo("val loss");
        assertThat(RunTable.orderedMetric("attributes.start_time")).isNull();
        assertThat(RunTable.metricKeys(List.of(A, B), List.of("attributes.start_time DESC", "metrics.loss")))
                .as("an order by an attribute, then by a metric").containsExactly("loss", "acc");
    }

    @Test
    void missingMetricsPrintEmpty() {
        String table = RunTable.table(List.of(A, B), List.of("acc")).render();

        assertThat(table.lines().toList()).hasSize(3);
        assertThat(table.lines().skip(2).findFirst().orElseThrow()).matches("b\\s+b-name\\s+FINISHED\\s+lr=0\\.5 seed=42");
    }

    private static Run run(String id, List<Metric> metrics, List<Param> params) {
        RunInfo info = new RunInfo(id, id, id + "-name", "0", "u", RunStatus.FINISHED, null, null, null, "active");
        return new Run(info, new RunData(metrics, params, List.of()), new RunInputs(List.of()));
    }
}
