package dev.capstan.tracking;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The behaviour every {@link TrackingStore} implementation shares: run against SQLite, PostgreSQL and the REST
 * store (through a real server). Each test works in experiments with unique names, so stores may be shared.
 */
public abstract class TrackingStoreContract {

    protected abstract TrackingStore store();

    private TrackingStore store;
    private String experimentId;

    @BeforeEach
    void createExperiment() {
        store = store();
        experimentId = store.createExperiment(unique("exp"), null, List.of(new Tag("team", "ml")));
    }

    // ------------------------------------------------------------ experiments

    @Test
    void defaultExperimentExistsWithIdZero() {
        Experiment e = store.getExperiment("0");
        assertThat(e.name()).isEqualTo("Default");
        assertThat(e.lifecycleStage()).isEqualTo("active");
        assertThat(store.getExperimentByName("Default").experimentId()).isEqualTo("0");
    }

    @Test
    void createdExperimentCanBeFetchedByIdAndName() {
        Experiment e = store.getExperiment(experimentId);
        assertThat(e.tags()).containsExactly(new Tag("team", "ml"));
        assertThat(e.artifactLocation()).isEqualTo("mlflow-artifacts:/" + experimentId);
        assertThat(e.creationTime()).isPositive();
        assertThat(store.getExperimentByName(e.name()).experimentId()).isEqualTo(experimentId);
    }

    @Test
    void experimentErrorsCarryMlflowCodes() {
        String name = store.getExperiment(experimentId).name();
        assertCode(() -> store.createExperiment(name, null, List.of()), ErrorCode.RESOURCE_ALREADY_EXISTS);
        assertCode(() -> store.getExperiment("987654321"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertCode(() -> store.getExperimentByName(unique("missing")), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertCode(() -> store.getExperiment("not-a-number"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertCode(() -> store.createExperiment("", null, List.of()), ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> store.createExperiment(unique("bad"), "file:///tmp/../etc", List.of()),
                ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @Test
    void explicitArtifactLocationIsKept() {
        String id = store.createExperiment(unique("located"), "s3://bucket/some/prefix", List.of());
        assertThat(store.getExperiment(id).artifactLocation()).isEqualTo("s3://bucket/some/prefix");
        Run run = store.createRun(new NewRun(id, "u", "r", null, List.of()));
        assertThat(run.info().artifactUri()).isEqualTo("s3://bucket/some/prefix/" + run.info().runId() + "/artifacts");
    }

    @Test
    void renameDeleteAndRestoreExperiment() {
        String newName = unique("renamed");
        store.renameExperiment(experimentId, newName);
        assertThat(store.getExperiment(experimentId).name()).isEqualTo(newName);
        assertCode(() -> store.renameExperiment(experimentId, "Default"), ErrorCode.RESOURCE_ALREADY_EXISTS);

        Run run = store.createRun(new NewRun(experimentId, "u", null, null, List.of()));
        store.deleteExperiment(experimentId);
        assertThat(store.getExperiment(experimentId).lifecycleStage()).isEqualTo("deleted");
        assertThat(store.getRun(run.info().runId()).info().lifecycleStage()).isEqualTo("deleted");
        assertThat(names(store.searchExperiments(new ExperimentQuery(ViewType.DELETED_ONLY, null,
                "name = '" + newName + "'", List.of(), null)))).containsExactly(newName);
        assertCode(() -> store.createRun(new NewRun(experimentId, "u", null, null, List.of())),
                ErrorCode.INVALID_PARAMETER_VALUE);

        store.restoreExperiment(experimentId);
        assertThat(store.getExperiment(experimentId).lifecycleStage()).isEqualTo("active");
        assertThat(store.getRun(run.info().runId()).info().lifecycleStage()).isEqualTo("active");
    }

    @Test
    void experimentTagsCanBeSetAndDeleted() {
        store.setExperimentTag(experimentId, new Tag("owner", "ana"));
        store.setExperimentTag(experimentId, new Tag("owner", "bo"));
        assertThat(store.getExperiment(experimentId).tags()).contains(new Tag("owner", "bo"));
        store.deleteExperimentTag(experimentId, "owner");
        assertThat(store.getExperiment(experimentId).tags()).extracting(Tag::key).doesNotContain("owner");
        assertCode(() -> store.deleteExperimentTag(experimentId, "owner"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void searchExperimentsFiltersOrdersAndPages() {
        String prefix = unique("search");
        for (String suffix : List.of("c", "a", "b")) {
            store.createExperiment(prefix + "-" + suffix, null, List.of(new Tag("kind", suffix.equals("a") ? "x" : "y")));
        }
        ExperimentQuery byName = new ExperimentQuery(ViewType.ACTIVE_ONLY, 2, "name LIKE '" + prefix + "%'",
                List.of("name ASC"), null);
        Page<Experiment> first = store.searchExperiments(byName);
        assertThat(names(first)).containsExactly(prefix + "-a", prefix + "-b");
        assertThat(first.nextPageToken()).isNotNull();
        Page<Experiment> second = store.searchExperiments(new ExperimentQuery(ViewType.ACTIVE_ONLY, 2,
                byName.filter(), byName.orderBy(), first.nextPageToken()));
        assertThat(names(second)).containsExactly(prefix + "-c");
        assertThat(second.nextPageToken()).isNull();
        assertThat(names(store.searchExperiments(new ExperimentQuery(ViewType.ACTIVE_ONLY, null,
                "name LIKE '" + prefix + "%' AND tags.kind = 'x'", List.of(), null)))).containsExactly(prefix + "-a");
        assertCode(() -> store.searchExperiments(new ExperimentQuery(ViewType.ACTIVE_ONLY, null, "nonsense ~ 1",
                List.of(), null)), ErrorCode.INVALID_PARAMETER_VALUE);
    }

    // ------------------------------------------------------------ runs

    @Test
    void createRunNamesItAndRecordsTheRunNameTag() {
        Run named = store.createRun(new NewRun(experimentId, "alice", "first", 1000L, List.of(new Tag("k", "v"))));
        assertThat(named.info().runName()).isEqualTo("first");
        assertThat(named.info().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(named.info().startTime()).isEqualTo(1000L);
        assertThat(named.info().userId()).isEqualTo("alice");
        assertThat(named.info().artifactUri())
                .isEqualTo("mlflow-artifacts:/" + experimentId + "/" + named.info().runId() + "/artifacts");
        assertThat(named.data().tags()).contains(new Tag("k", "v"), new Tag("mlflow.runName", "first"));

        Run fromTag = store.createRun(new NewRun(experimentId, "u", null, null, List.of(new Tag("mlflow.runName", "tagged"))));
        assertThat(fromTag.info().runName()).isEqualTo("tagged");
        Run generated = store.createRun(new NewRun(experimentId, "u", null, null, List.of()));
        assertThat(generated.info().runName()).matches("[a-z]+-[a-z]+-\\d{3}");
        assertCode(() -> store.createRun(new NewRun(experimentId, "u", "a", null, List.of(new Tag("mlflow.runName", "b")))),
                ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> store.createRun(new NewRun("424242", "u", null, null, List.of())), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void updateRunChangesStatusEndTimeAndName() {
        String runId = newRun();
        RunInfo info = store.updateRun(runId, RunStatus.FINISHED, 5000L, "renamed");
        assertThat(info.status()).isEqualTo(RunStatus.FINISHED);
        assertThat(info.endTime()).isEqualTo(5000L);
        assertThat(info.runName()).isEqualTo("renamed");
        assertThat(store.getRun(runId).data().tags()).contains(new Tag("mlflow.runName", "renamed"));
        assertCode(() -> store.getRun("0123456789abcdef0123456789abcdef"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertCode(() -> store.getRun("../../etc"), ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @Test
    void logBatchStoresMetricsParamsAndTags() {
        String runId = newRun();
        store.logBatch(runId,
                List.of(new Metric("loss", 0.9, 10L, 0L), new Metric("loss", 0.5, 20L, 1L), new Metric("loss", 0.7, 15L, 2L),
                        new Metric("acc", Double.NaN, 10L, 0L), new Metric("inf", Double.POSITIVE_INFINITY, 10L, 0L)),
                List.of(new Param("lr", "0.1"), new Param("empty", "")),
                List.of(new Tag("stage", "dev")));
        RunData data = store.getRun(runId).data();
        Map<String, Metric> latest = data.metrics().stream().collect(Collectors.toMap(Metric::key, Function.identity()));
        assertThat(latest.get("loss").value()).isEqualTo(0.7);
        assertThat(latest.get("loss").step()).isEqualTo(2L);
        assertThat(latest.get("acc").value()).isNaN();
        assertThat(latest.get("inf").value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(data.params()).containsExactlyInAnyOrder(new Param("lr", "0.1"), new Param("empty", ""));
        assertThat(data.tags()).contains(new Tag("stage", "dev"));
    }

    @Test
    void convenienceCallsDelegateToTheBatch() {
        String runId = newRun();
        store.logMetric(runId, new Metric("m", 1.5, 100L, 3L));
        store.logParam(runId, new Param("p", "v"));
        store.setTag(runId, new Tag("t", "v"));
        RunData data = store.getRun(runId).data();
        assertThat(data.metrics()).containsExactly(new Metric("m", 1.5, 100L, 3L));
        assertThat(data.params()).containsExactly(new Param("p", "v"));
        assertThat(data.tags()).contains(new Tag("t", "v"));
    }

    @Test
    void paramsCannotChangeButMayBeRelogged() {
        String runId = newRun();
        store.logParam(runId, new Param("lr", "0.1"));
        store.logParam(runId, new Param("lr", "0.1"));
        CapstanException e = assertCode(() -> store.logParam(runId, new Param("lr", "0.2")), ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e.getMessage()).contains("lr").contains("0.1").contains("0.2");
        assertThat(store.getRun(runId).data().params()).containsExactly(new Param("lr", "0.1"));
    }

    @Test
    void rejectedBatchStoresNothing() {
        String runId = newRun();
        assertCode(() -> store.logBatch(runId, List.of(new Metric("ok", 1.0, 1L, 0L)),
                List.of(new Param("a", "1"), new Param("a", "2")), List.of()), ErrorCode.INVALID_PARAMETER_VALUE);
        store.logParam(runId, new Param("fixed", "1"));
        assertCode(() -> store.logBatch(runId, List.of(new Metric("ok", 1.0, 1L, 0L)),
                List.of(new Param("fixed", "2")), List.of(new Tag("t", "v"))), ErrorCode.INVALID_PARAMETER_VALUE);
        RunData data = store.getRun(runId).data();
        assertThat(data.metrics()).isEmpty();
        assertThat(data.tags()).extracting(Tag::key).doesNotContain("t");
    }

    @Test
    void batchLimitsAndKeyRulesFollowMlflow() {
        String runId = newRun();
        List<Metric> tooMany = IntStream.range(0, 1001).mapToObj(i -> new Metric("m", i * 1.0, 1L, (long) i)).toList();
        assertCode(() -> store.logBatch(runId, tooMany, List.of(), List.of()), ErrorCode.INVALID_PARAMETER_VALUE);
        List<Param> manyParams = IntStream.range(0, 101).mapToObj(i -> new Param("p" + i, "v")).toList();
        assertCode(() -> store.logBatch(runId, List.of(), manyParams, List.of()), ErrorCode.INVALID_PARAMETER_VALUE);
        for (String bad : List.of("a/../b", "../x", "/abs", "semi;colon", "a\\b", "x".repeat(251), "tab\tkey", "./a")) {
            assertCode(() -> store.logParam(runId, new Param(bad, "v")), ErrorCode.INVALID_PARAMETER_VALUE);
        }
        assertCode(() -> store.setExperimentTag(experimentId, new Tag("long", "v".repeat(5001))),
                ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> store.logMetric(runId, new Metric("m", 1.0, null, 0L)), ErrorCode.INVALID_PARAMETER_VALUE);
        store.logBatch(runId, List.of(new Metric("a/b.c-d e_f", 1.0, 1L, 0L)),
                List.of(new Param("p".repeat(250), "v".repeat(6000))), List.of());
    }

    @Test
    void overlongParamAndTagValuesAreTruncatedAsMlflowDoes() {
        String runId = store.createRun(new NewRun(experimentId, "u", null, null,
                List.of(new Tag("mlflow.note.content", "d".repeat(7000))))).info().runId();
        store.logParam(runId, new Param("long", "v".repeat(7000)));
        store.setTag(runId, new Tag("long", "t".repeat(9000)));
        RunData data = store.getRun(runId).data();
        assertThat(data.params()).singleElement().satisfies(p -> assertThat(p.value()).hasSize(6000));
        Map<String, String> tags = data.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
        assertThat(tags.get("long")).hasSize(8000);
        assertThat(tags.get("mlflow.note.content")).hasSize(7000);
    }

    @Test
    void deletedRunRejectsLoggingAndCanBeRestored() {
        String runId = newRun();
        store.deleteRun(runId);
        assertThat(store.getRun(runId).info().lifecycleStage()).isEqualTo("deleted");
        assertCode(() -> store.logParam(runId, new Param("a", "b")), ErrorCode.INVALID_PARAMETER_VALUE);
        store.restoreRun(runId);
        store.logParam(runId, new Param("a", "b"));
        assertThat(store.getRun(runId).info().lifecycleStage()).isEqualTo("active");
    }

    @Test
    void tagsCanBeDeleted() {
        String runId = newRun();
        store.setTag(runId, new Tag("t", "v"));
        store.deleteTag(runId, "t");
        assertThat(store.getRun(runId).data().tags()).extracting(Tag::key).doesNotContain("t");
        assertCode(() -> store.deleteTag(runId, "t"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void inputsAreRecordedOncePerDataset() {
        String runId = newRun();
        Dataset dataset = new Dataset("train", "abc123", "local", "{\"uri\": \"data.csv\"}", "{}", null);
        DatasetInput input = new DatasetInput(List.of(new Tag("mlflow.data.context", "training")), dataset);
        store.logInputs(runId, List.of(input));
        store.logInputs(runId, List.of(input));
        List<DatasetInput> inputs = store.getRun(runId).inputs().datasetInputs();
        assertThat(inputs).hasSize(1);
        assertThat(inputs.get(0).dataset().name()).isEqualTo("train");
        assertThat(inputs.get(0).tags()).containsExactly(new Tag("mlflow.data.context", "training"));
        Page<Run> found = store.searchRuns(query("datasets.context = 'training'", List.of()));
        assertThat(found.items()).extracting(r -> r.info().runId()).containsExactly(runId);
    }

    @Test
    void logModelAppendsToTheModelHistoryTag() {
        String runId = newRun();
        String model = "{\"artifact_path\": \"model\", \"flavors\": {\"python_function\": {}}, "
                + "\"utc_time_created\": \"2026-01-01 00:00:00.000000\", \"run_id\": \"" + runId + "\"}";
        store.logModel(runId, model);
        store.logModel(runId, model);
        String history = store.getRun(runId).data().tags().stream()
                .filter(t -> t.key().equals("mlflow.log-model.history")).findFirst().orElseThrow().value();
        assertThat(history).startsWith("[{").contains("\"artifact_path\":\"model\"");
        assertThat(history.split("artifact_path")).hasSize(3);
        assertCode(() -> store.logModel(runId, "{\"flavors\": {}}"), ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> store.logModel(runId, "not json"), ErrorCode.INVALID_PARAMETER_VALUE);
    }

    // ------------------------------------------------------------ metric history

    @Test
    void metricHistoryIsOrderedAndPaged() {
        String runId = newRun();
        List<Metric> points = new ArrayList<>();
        for (long step = 9; step >= 0; step--) {
            points.add(new Metric("loss", 1.0 / (step + 1), 1000 + step, step));
        }
        store.logBatch(runId, points, List.of(), List.of());
        store.logBatch(runId, List.of(points.get(0)), List.of(), List.of());
        Page<Metric> all = store.getMetricHistory(runId, "loss", null, null);
        assertThat(all.items()).extracting(Metric::step).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(all.nextPageToken()).isNull();

        List<Long> paged = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            Page<Metric> page = store.getMetricHistory(runId, "loss", 4, token);
            page.items().forEach(m -> paged.add(m.step()));
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        assertThat(paged).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(pages).isEqualTo(3);
        assertThat(store.getMetricHistory(runId, "missing", null, null).items()).isEmpty();
        assertCode(() -> store.getMetricHistory(runId, "loss", 4, "garbage!"), ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @Test
    void bulkIntervalSamplesStepsEvenlyAndKeepsTheEnds() {
        String a = newRun();
        String b = newRun();
        store.logBatch(a, IntStream.range(0, 100).mapToObj(i -> new Metric("loss", i * 1.0, 1L, (long) i)).toList(),
                List.of(), List.of());
        store.logBatch(b, IntStream.range(0, 5).mapToObj(i -> new Metric("loss", i * 2.0, 1L, (long) i)).toList(),
                List.of(), List.of());
        List<MetricWithRunId> sampled = store.getMetricHistoryBulkInterval(List.of(a, b), "loss", null, null, 10);
        List<Long> stepsOfA = sampled.stream().filter(m -> m.runId().equals(a)).map(MetricWithRunId::step).toList();
        assertThat(stepsOfA).hasSizeBetween(10, 11).startsWith(0L).endsWith(99L).isSorted().contains(4L);
        List<Long> stepsOfB = sampled.stream().filter(m -> m.runId().equals(b)).map(MetricWithRunId::step).toList();
        assertThat(stepsOfB).as("runs share the sampled steps, and keep their own ends").containsExactly(0L, 4L);
        assertThat(sampled.get(0).runId()).isEqualTo(a);
        List<MetricWithRunId> window = store.getMetricHistoryBulkInterval(List.of(a), "loss", 10L, 20L, null);
        assertThat(window).extracting(MetricWithRunId::step).containsExactlyElementsOf(
                IntStream.rangeClosed(10, 20).mapToObj(i -> (long) i).toList());
        assertCode(() -> store.getMetricHistoryBulkInterval(List.of(), "loss", null, null, null), ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> store.getMetricHistoryBulkInterval(List.of(a), "loss", 5L, null, null), ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> store.getMetricHistoryBulkInterval(List.of(a), "loss", 5L, 1L, null), ErrorCode.INVALID_PARAMETER_VALUE);
    }

    // ------------------------------------------------------------ search

    @Test
    void searchRunsFiltersOnMetricsParamsTagsAndAttributes() {
        String good = runWith("good", 0.9, "xgb", "Prod");
        String bad = runWith("bad", 0.4, "rf", "dev");
        String mid = runWith("mid", 0.7, "xgb", "dev");
        store.updateRun(bad, RunStatus.FAILED, 10L, null);

        assertThat(ids("metrics.acc > 0.5")).containsExactlyInAnyOrder(good, mid);
        assertThat(ids("metric.acc >= 0.7 AND params.model = 'xgb'")).containsExactlyInAnyOrder(good, mid);
        assertThat(ids("params.model != 'xgb'")).containsExactly(bad);
        assertThat(ids("tags.env LIKE 'P%'")).containsExactly(good);
        assertThat(ids("tags.env LIKE 'p%'")).isEmpty();
        assertThat(ids("tags.env ILIKE 'p%'")).containsExactly(good);
        assertThat(ids("attributes.status = 'FAILED'")).containsExactly(bad);
        assertThat(ids("attribute.run_name IN ('good', 'mid')")).containsExactlyInAnyOrder(good, mid);
        assertThat(ids("run_name = 'mid'")).containsExactly(mid);
        assertThat(ids("attributes.run_id IN ('" + good + "')")).containsExactly(good);
        assertThat(ids("`metrics`.`acc` < 0.5")).containsExactly(bad);
        assertThat(ids("tags.`mlflow.runName` = \"good\"")).containsExactly(good);
        assertThat(ids("attributes.start_time > 0 AND metrics.missing > 1")).isEmpty();
    }

    @Test
    void searchRunsOrdersWithMissingValuesLast() {
        String low = runWith("low", 0.1, "a", "x");
        String high = runWith("high", 0.8, "b", "x");
        String none = store.createRun(new NewRun(experimentId, "u", "none", null, List.of())).info().runId();
        assertThat(ids(null, List.of("metrics.acc DESC"))).containsExactly(high, low, none);
        assertThat(ids(null, List.of("metrics.acc ASC"))).containsExactly(low, high, none);
        assertThat(ids(null, List.of("params.model DESC"))).containsExactly(high, low, none);
        assertThat(ids(null, List.of("attributes.run_name ASC"))).containsExactly(high, low, none);
        assertThat(ids(null, List.of("run_name DESC"))).containsExactly(none, low, high);
    }

    @Test
    void pagesCrossFromValuesToNanToMissingMetrics() {
        String low = runWith("low", 0.3, "m", "x");
        String high = runWith("high", 0.9, "m", "x");
        String nan = store.createRun(new NewRun(experimentId, "u", "nan", 3_000L, List.of())).info().runId();
        store.logMetric(nan, new Metric("acc", Double.NaN, 1L, 0L));
        String oldMissing = store.createRun(new NewRun(experimentId, "u", "m1", 1_000L, List.of())).info().runId();
        String newMissing = store.createRun(new NewRun(experimentId, "u", "m2", 2_000L, List.of())).info().runId();
        for (int pageSize : new int[] {1, 2, 3, 10}) {
            List<String> seen = new ArrayList<>();
            String token = null;
            do {
                Page<Run> page = store.searchRuns(new RunQuery(List.of(experimentId), null, ViewType.ACTIVE_ONLY, pageSize,
                        List.of("metrics.acc DESC"), token));
                page.items().forEach(r -> seen.add(r.info().runId()));
                token = page.nextPageToken();
            } while (token != null);
            assertThat(seen).as("page size %d", pageSize).containsExactly(high, low, nan, newMissing, oldMissing);
        }
        assertThat(ids("metrics.acc > 0.5", List.of("metrics.acc ASC"))).containsExactly(high);
    }

    @Test
    void searchRunsDefaultsToNewestFirst() {
        String older = store.createRun(new NewRun(experimentId, "u", "older", 1_000L, List.of())).info().runId();
        String newer = store.createRun(new NewRun(experimentId, "u", "newer", 2_000L, List.of())).info().runId();
        assertThat(ids(null)).containsExactly(newer, older);
        assertThat(ids(null, List.of("attributes.start_time ASC"))).containsExactly(older, newer);
        assertThat(ids("attributes.start_time > 1500")).containsExactly(newer);
    }

    @Test
    void searchRunsPagesThroughEveryRunExactlyOnce() {
        List<String> created = IntStream.range(0, 23).mapToObj(i -> runWith("r" + i, i / 100.0, "m", "x")).toList();
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Page<Run> page = store.searchRuns(new RunQuery(List.of(experimentId), null, ViewType.ACTIVE_ONLY, 5,
                    List.of("metrics.acc DESC"), token));
            page.items().forEach(r -> seen.add(r.info().runId()));
            token = page.nextPageToken();
        } while (token != null);
        List<String> highestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(highestFirst);
        assertThat(seen).hasSize(23).doesNotHaveDuplicates().containsExactlyElementsOf(highestFirst);
    }

    @Test
    void searchRunsRespectsViewTypeAndRejectsBadInput() {
        String alive = newRun();
        String gone = newRun();
        store.deleteRun(gone);
        assertThat(ids(null)).containsExactly(alive);
        Page<Run> deleted = store.searchRuns(new RunQuery(List.of(experimentId), null, ViewType.DELETED_ONLY, null, List.of(), null));
        assertThat(deleted.items()).extracting(r -> r.info().runId()).containsExactly(gone);
        Page<Run> all = store.searchRuns(new RunQuery(List.of(experimentId), null, ViewType.ALL, null, List.of(), null));
        assertThat(all.items()).hasSize(2);
        for (String bad : List.of("metrics.acc > 'x'", "params.lr > '1'", "metrics.acc", "foo.bar = 1", "metrics.a = 1 OR metrics.b = 2",
                "params.x = unquoted", "tags.t = 'unterminated")) {
            assertCode(() -> store.searchRuns(query(bad, List.of())), ErrorCode.INVALID_PARAMETER_VALUE);
        }
        assertCode(() -> store.searchRuns(new RunQuery(List.of(experimentId), null, null, 50_001, List.of(), null)),
                ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> store.searchRuns(query(null, List.of("metrics.acc SIDEWAYS"))), ErrorCode.INVALID_PARAMETER_VALUE);
    }

    // ------------------------------------------------------------ helpers

    protected String experimentId() {
        return experimentId;
    }

    protected String newRun() {
        return store.createRun(new NewRun(experimentId, "tester", null, null, List.of())).info().runId();
    }

    private String runWith(String name, double acc, String model, String env) {
        String runId = store.createRun(new NewRun(experimentId, "tester", name, null, List.of())).info().runId();
        store.logBatch(runId, List.of(new Metric("acc", acc, 1L, 0L)), List.of(new Param("model", model)),
                List.of(new Tag("env", env)));
        return runId;
    }

    private RunQuery query(String filter, List<String> orderBy) {
        return new RunQuery(List.of(experimentId), filter, ViewType.ACTIVE_ONLY, null, orderBy, null);
    }

    private List<String> ids(String filter) {
        return ids(filter, List.of());
    }

    private List<String> ids(String filter, List<String> orderBy) {
        return store.searchRuns(query(filter, orderBy)).items().stream().map(r -> r.info().runId()).toList();
    }

    private static List<String> names(Page<Experiment> page) {
        return page.items().stream().map(Experiment::name).toList();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static CapstanException assertCode(Executable call, ErrorCode code) {
        CapstanException e = catchThrowableOfType(CapstanException.class, () -> call.execute());
        assertThat(e).as("expected a CapstanException with code %s", code).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }
}
