package dev.capstan.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.api.proto.Service.ViewType;
import org.mlflow.tracking.ExperimentsPage;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowClientException;
import org.mlflow.tracking.RunsPage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official MLflow Java client (2.17.2, which sends int64 fields as strings) against a real Capstan server. */
class MlflowJavaClientTest {

    @TempDir
    static Path dir;
    private static TestServer server;
    private static MlflowClient client;

    @BeforeAll
    static void start() {
        server = new TestServer(dir);
        client = new MlflowClient(server.url());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void experimentsLifecycle() {
        String name = unique("java-client");
        String id = client.createExperiment(name);
        Experiment experiment = client.getExperiment(id);
        assertThat(experiment.getName()).isEqualTo(name);
        assertThat(experiment.getLifecycleStage()).isEqualTo("active");
        assertThat(client.getExperimentByName(name)).map(Experiment::getExperimentId).contains(id);
        assertThat(client.getExperimentByName(unique("missing"))).isEmpty();

        client.setExperimentTag(id, "team", "risk");
        assertThat(client.getExperiment(id).getTagsList()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo("team");
            assertThat(t.getValue()).isEqualTo("risk");
        });
        String renamed = name + "-renamed";
        client.renameExperiment(id, renamed);
        assertThat(client.getExperiment(id).getName()).isEqualTo(renamed);
        client.deleteExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("deleted");
        client.restoreExperiment(id);
        assertThat(client.getExperiment(id).getLifecycleStage()).isEqualTo("active");

        ExperimentsPage page = client.searchExperiments("name = '" + renamed + "'", ViewType.ACTIVE_ONLY, 10, List.of("name"));
        assertThat(page.getItems()).extracting(Experiment::getExperimentId).containsExactly(id);
        assertThatThrownBy(() -> client.createExperiment(renamed)).isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("RESOURCE_ALREADY_EXISTS");
        assertThatThrownBy(() -> client.getExperiment("99999")).isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("RESOURCE_DOES_NOT_EXIST");
    }

    @Test
    void runsParamsMetricsTagsAndBatches() {
        String experimentId = client.createExperiment(unique("runs"));
        RunInfo info = client.createRun(CreateRun.newBuilder().setExperimentId(experimentId).setRunName("java-run")
                .setStartTime(1_700_000_000_000L).build());
        String runId = info.getRunId();
        assertThat(info.getRunName()).isEqualTo("java-run");
        assertThat(info.getStatus()).isEqualTo(RunStatus.RUNNING);
        assertThat(info.getStartTime()).isEqualTo(1_700_000_000_000L);

        client.logParam(runId, "lr", "0.01");
        client.logMetric(runId, "loss", 0.5);
        client.logMetric(runId, "loss", 0.25, 1_700_000_000_500L, 3);
        client.setTag(runId, "stage", "dev");
        client.logBatch(runId,
                List.of(metric("acc", 0.9, 1), metric("acc", Double.NaN, 2), metric("big", 1e300, 0)),
                List.of(Param.newBuilder().setKey("depth").setValue("6").build()),
                List.of(RunTag.newBuilder().setKey("team").setValue("ml").build()));
        client.deleteTag(runId, "stage");
        client.setTerminated(runId, RunStatus.FINISHED, 1_700_000_001_000L);

        Run run = client.getRun(runId);
        assertThat(run.getInfo().getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.getInfo().getEndTime()).isEqualTo(1_700_000_001_000L);
        assertThat(run.getData().getParamsList()).extracting(Param::getKey).containsExactlyInAnyOrder("lr", "depth");
        assertThat(run.getData().getTagsList()).extracting(RunTag::getKey).contains("team", "mlflow.runName")
                .doesNotContain("stage");
        assertThat(run.getData().getMetricsList()).filteredOn(m -> m.getKey().equals("acc"))
                .singleElement().satisfies(m -> assertThat(m.getValue()).isNaN());
        assertThat(run.getData().getMetricsList()).filteredOn(m -> m.getKey().equals("big"))
                .singleElement().satisfies(m -> assertThat(m.getValue()).isEqualTo(1e300));

        List<Metric> history = client.getMetricHistory(runId, "loss");
        assertThat(history).hasSize(2);
        assertThat(history.get(1).getStep()).isEqualTo(3L);
        assertThat(history.get(1).getTimestamp()).isEqualTo(1_700_000_000_500L);

        assertThatThrownBy(() -> client.logParam(runId, "lr", "0.02")).isInstanceOf(MlflowClientException.class)
                .hasMessageContaining("INVALID_PARAMETER_VALUE");
    }

    @Test
    @SuppressWarnings("deprecation") // the short searchRuns overloads are what existing client code calls
    void searchWithFilterOrderAndPaging() {
        String experimentId = client.createExperiment(unique("search"));
        List<String> runIds = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String runId = client.createRun(experimentId).getRunId();
            client.logMetric(runId, "acc", i / 10.0);
            client.logParam(runId, "model", i % 2 == 0 ? "xgb" : "rf");
            runIds.add(runId);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            RunsPage page = client.searchRuns(List.of(experimentId), "metrics.acc >= 0.2 and params.model = 'xgb'",
                    ViewType.ACTIVE_ONLY, 2, List.of("metrics.acc DESC"), token);
            page.getItems().forEach(r -> seen.add(r.getInfo().getRunId()));
            token = page.getNextPageToken().orElse(null);
        } while (token != null);
        assertThat(seen).containsExactly(runIds.get(6), runIds.get(4), runIds.get(2));

        client.deleteRun(runIds.get(6));
        assertThat(client.searchRuns(List.of(experimentId), "params.model = 'xgb'")).hasSize(3);
        assertThat(client.searchRuns(List.of(experimentId), "", ViewType.DELETED_ONLY))
                .extracting(RunInfo::getRunId).containsExactly(runIds.get(6));
        client.restoreRun(runIds.get(6));
        assertThat(client.searchRuns(List.of(experimentId), "params.model = 'xgb'")).hasSize(4);
        assertThatThrownBy(() -> client.searchRuns(List.of(experimentId), "metrics.acc >>> 1"))
                .isInstanceOf(MlflowClientException.class).hasMessageContaining("INVALID_PARAMETER_VALUE");
    }

    @Test
    void defaultExperimentIsUsedWhenNoneIsGiven() {
        RunInfo info = client.createRun();
        assertThat(info.getExperimentId()).isEqualTo("0");
        assertThat(client.getExperiment("0").getName()).isEqualTo("Default");
    }

    private static Metric metric(String key, double value, long step) {
        return Metric.newBuilder().setKey(key).setValue(value).setTimestamp(System.currentTimeMillis()).setStep(step).build();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
