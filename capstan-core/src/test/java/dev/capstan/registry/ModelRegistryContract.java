package dev.capstan.registry;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.tracking.Dataset;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.GitSource;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.entry;

/** The behaviour every {@link ModelRegistryStore} shares; run against SQLite and PostgreSQL. */
public abstract class ModelRegistryContract {

    protected abstract ModelRegistryStore registry();

    protected abstract TrackingStore tracking();

    /** Whom the store attributes writes to: the operating-system user locally, the server's caller remotely. */
    protected abstract String actor();

    private ModelRegistryStore registry;
    private String name;
    private String runId;

    @BeforeEach
    void createModel() {
        registry = registry();
        name = "model-" + UUID.randomUUID().toString().substring(0, 8);
        registry.createRegisteredModel(name, List.of(new Tag("team", "risk")), "churn model");
        String experiment = tracking().createExperiment("exp-" + UUID.randomUUID(), null, List.of());
        runId = tracking().createRun(new NewRun(experiment, "u", "train", null, List.of())).info().runId();
    }

    @Test
    void registeredModelLifecycle() {
        RegisteredModel m = registry.getRegisteredModel(name);
        assertThat(m.description()).isEqualTo("churn model");
        assertThat(m.tags()).containsExactly(new Tag("team", "risk"));
        assertCode(() -> registry.createRegisteredModel(name, List.of(), null), ErrorCode.RESOURCE_ALREADY_EXISTS);
        assertCode(() -> registry.getRegisteredModel(name + "-missing"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertCode(() -> registry.createRegisteredModel("", List.of(), null), ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> registry.createRegisteredModel("a/b", List.of(), null), ErrorCode.INVALID_PARAMETER_VALUE);

        assertThat(registry.updateRegisteredModel(name, "v2").description()).isEqualTo("v2");
        registry.setRegisteredModelTag(name, new Tag("owner", "ana"));
        registry.deleteRegisteredModelTag(name, "team");
        assertThat(registry.getRegisteredModel(name).tags()).containsExactly(new Tag("owner", "ana"));

        version("runs:/" + runId + "/model");
        registry.setAlias(name, "champion", "1");
        String renamed = name + "-renamed";
        RegisteredModel after = registry.renameRegisteredModel(name, renamed);
        assertThat(after.name()).isEqualTo(renamed);
        assertThat(after.aliases()).containsExactly(new AliasRef("champion", "1"));
        assertThat(registry.getModelVersion(renamed, "1").tags()).isEmpty();
        assertThat(registry.getVersionByAlias(renamed, "champion").version()).isEqualTo("1");
        registry.deleteRegisteredModel(renamed);
        assertCode(() -> registry.getRegisteredModel(renamed), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void versionsAreNumberedAndNeverReused() {
        assertThat(version("runs:/" + runId + "/model").version()).isEqualTo("1");
        assertThat(version("mlflow-artifacts:/1/" + runId + "/artifacts/model").version()).isEqualTo("2");
        registry.deleteModelVersion(name, "2");
        assertCode(() -> registry.getModelVersion(name, "2"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertThat(version("runs:/" + runId + "/model").version()).isEqualTo("3");
        ModelVersion v1 = registry.getModelVersion(name, "1");
        assertThat(v1.currentStage()).isEqualTo(Stage.NONE);
        assertThat(v1.status()).isEqualTo("READY");
        assertThat(v1.runId()).isEqualTo(runId);
        assertThat(registry.updateModelVersion(name, "1", "first").description()).isEqualTo("first");
        assertCode(() -> registry.getModelVersion(name, "x"), ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> registry.getModelVersion(name, "99"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        registry.setModelVersionTag(name, "1", new Tag("validated", "yes"));
        assertThat(registry.getModelVersion(name, "1").tags()).containsExactly(new Tag("validated", "yes"));
        registry.deleteModelVersionTag(name, "1", "validated");
        assertCode(() -> registry.deleteModelVersionTag(name, "1", "validated"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void downloadUriResolvesRunsUris() {
        version("runs:/" + runId + "/model");
        String artifactUri = tracking().getRun(runId).info().artifactUri();
        assertThat(registry.getDownloadUri(name, "1")).isEqualTo(artifactUri + "/model");
    }

    @Test
    void sourceInsideTheRunsOwnArtifactLocationIsAccepted() {
        String artifactUri = tracking().getRun(runId).info().artifactUri();
        ModelVersion v = registry.createModelVersion(new NewModelVersion(name, artifactUri + "/model", runId, List.of(),
                null, null));
        assertThat(v.source()).isEqualTo(artifactUri + "/model");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/", "file:///etc/passwd", "file://./etc", "//proc/self/root", "/etc/passwd",
        "runs:/RUN/../../../etc", "runs:/RUN/%2e%2e/%2e%2e/etc", "runs:/RUN/model%252f..%252f..", "runs:/nosuchrun/model",
        "mlflow-artifacts:/../../etc", "mlflow-artifacts:/1/%2e%2e/%2e%2e", "mlflow-artifacts:/", "http://evil/model",
        "s3://other-bucket/model", "models:/other/1", "file:///tmp/artifacts/1/RUN/artifacts/../../../../etc", ""})
    void sourcesOutsideTheArtifactStoreAreRejected(String source) {
        String attack = source.replace("RUN", runId);
        CapstanException e = assertCode(() -> registry.createModelVersion(new NewModelVersion(name, attack, runId,
                List.of(), null, null)), ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(e.getMessage()).containsIgnoringCase("source");
        assertThat(e.getMessage()).doesNotContain("Exception");
        assertThat(registry.searchModelVersions(new RegistryQuery("name = '" + name + "'", null, null, null)).items())
                .isEmpty();
    }

    @Test
    void stagesAndLatestVersions() {
        version("runs:/" + runId + "/a");
        version("runs:/" + runId + "/b");
        version("runs:/" + runId + "/c");
        registry.transitionStage(name, "1", Stage.PRODUCTION, false);
        registry.transitionStage(name, "2", Stage.of("staging"), false);
        ModelVersion three = registry.transitionStage(name, "3", Stage.PRODUCTION, true);
        assertThat(three.currentStage()).isEqualTo(Stage.PRODUCTION);
        assertThat(registry.getModelVersion(name, "1").currentStage()).isEqualTo(Stage.ARCHIVED);
        assertThat(registry.getLatestVersions(name, List.of(Stage.PRODUCTION))).extracting(ModelVersion::version)
                .containsExactly("3");
        assertThat(registry.getLatestVersions(name, List.of())).extracting(ModelVersion::version)
                .containsExactlyInAnyOrder("1", "2", "3");
        assertThat(registry.resolve(ModelUri.parse("models:/" + name + "/Production")).version()).isEqualTo("3");
        assertThat(registry.resolve(ModelUri.parse("models:/" + name + "/latest")).version()).isEqualTo("3");
        assertThat(registry.resolve(ModelUri.parse("models:/" + name + "/2")).version()).isEqualTo("2");
        assertCode(() -> Stage.of("Prod"), ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @Test
    void aliasesPointAtExactlyOneVersion() throws Exception {
        for (int i = 0; i < 4; i++) {
            version("runs:/" + runId + "/m" + i);
        }
        registry.setAlias(name, "champion", "1");
        assertThat(registry.resolve(ModelUri.parse("models:/" + name + "@champion")).version()).isEqualTo("1");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> moves = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String target = Integer.toString(1 + i % 4);
            moves.add(pool.submit(() -> registry.setAlias(name, "champion", target)));
        }
        for (Future<?> move : moves) {
            move.get();
        }
        pool.shutdown();
        RegisteredModel m = registry.getRegisteredModel(name);
        assertThat(m.aliases()).hasSize(1);
        String holder = m.aliases().get(0).version();
        for (int v = 1; v <= 4; v++) {
            assertThat(registry.getModelVersion(name, Integer.toString(v)).aliases())
                    .isEqualTo(Integer.toString(v).equals(holder) ? List.of("champion") : List.of());
        }
        registry.deleteAlias(name, "champion");
        assertCode(() -> registry.getVersionByAlias(name, "champion"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        for (String bad : List.of("latest", "v3", "V12", "has space", "", "a/b")) {
            assertCode(() -> registry.setAlias(name, bad, "1"), ErrorCode.INVALID_PARAMETER_VALUE);
        }
        assertCode(() -> registry.setAlias(name, "ghost", "99"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    @Test
    void searchFiltersOrdersAndPages() {
        String prefix = name + "-s";
        for (String suffix : List.of("b", "a", "c")) {
            registry.createRegisteredModel(prefix + suffix, List.of(new Tag("kind", suffix)), null);
        }
        Page<RegisteredModel> first = registry.searchRegisteredModels(new RegistryQuery("name LIKE '" + prefix + "%'", 2,
                List.of("name ASC"), null));
        assertThat(first.items()).extracting(RegisteredModel::name).containsExactly(prefix + "a", prefix + "b");
        Page<RegisteredModel> second = registry.searchRegisteredModels(new RegistryQuery("name LIKE '" + prefix + "%'", 2,
                List.of("name ASC"), first.nextPageToken()));
        assertThat(second.items()).extracting(RegisteredModel::name).containsExactly(prefix + "c");
        assertThat(registry.searchRegisteredModels(new RegistryQuery("tags.kind = 'c' AND name ILIKE '"
                + prefix.toUpperCase() + "%'", null, null, null)).items()).hasSize(1);

        version("runs:/" + runId + "/a");
        version("runs:/" + runId + "/b");
        Page<ModelVersion> byRun = registry.searchModelVersions(new RegistryQuery("run_id = '" + runId + "'", null,
                List.of("version_number ASC"), null));
        assertThat(byRun.items()).extracting(ModelVersion::version).containsExactly("1", "2");
        assertCode(() -> registry.searchModelVersions(new RegistryQuery("nonsense = 'x'", null, null, null)),
                ErrorCode.INVALID_PARAMETER_VALUE);
    }

    @Test
    void registerModelVersionCreatesTheModelOnlyWhenMissing() {
        String fresh = name + "-fresh";
        ModelVersion first = registry.registerModelVersion(new NewModelVersion(fresh, "runs:/" + runId + "/model", runId,
                List.of(), null, "first"));
        ModelVersion second = registry.registerModelVersion(new NewModelVersion(fresh, "runs:/" + runId + "/model", runId,
                List.of(), null, null));
        assertThat(first.version()).isEqualTo("1");
        assertThat(first.description()).isEqualTo("first");
        assertThat(second.version()).isEqualTo("2");
        assertThat(registry.registerModelVersion(new NewModelVersion(name, "runs:/" + runId + "/m", runId, List.of(),
                null, null)).version()).isEqualTo("1");
        assertThat(registry.getRegisteredModel(name).description()).isEqualTo("churn model");

        String refused = name + "-refused";
        assertCode(() -> registry.registerModelVersion(new NewModelVersion(refused, "file:///etc", runId, List.of(),
                null, null)), ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> registry.getRegisteredModel(refused), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertCode(() -> registry.registerModelVersion(new NewModelVersion(name, "file:///etc", runId, List.of(),
                null, null)), ErrorCode.INVALID_PARAMETER_VALUE);
        assertThat(registry.getRegisteredModel(name).name()).isEqualTo(name);
    }

    @Test
    void lockRecordsCodeDataParamsAndMetricsOfTheRun() {
        String run = trainedRun(RunStatus.FINISHED);
        ModelVersion v = registry.createModelVersion(new NewModelVersion(name, "runs:/" + run + "/model", null,
                List.of(), null, null));
        VersionLock lock = registry.getVersionLock(name, v.version());

        assertThat(lock.runId()).isEqualTo(run);
        assertThat(lock.codeCommit()).isEqualTo("3f2a9c1d4b5e6f708192a3b4c5d6e7f809102a3b");
        assertThat(lock.codeDirty()).isTrue();
        assertThat(lock.codeSource()).isEqualTo("https://git.example.com/team/churn.git");
        assertThat(lock.data()).containsExactly(
                new VersionLock.DataVersion("eval.csv", "9e107d9d", "{\"uri\": \"data/eval.csv\"}", "validation"),
                new VersionLock.DataVersion("train.csv", "d41d8cd9", "{\"uri\": \"data/train.csv\"}", "training"));
        assertThat(lock.params()).containsExactly(entry("learning_rate", "0.1"), entry("max_depth", "6"));
        assertThat(lock.metrics()).containsOnly(entry("auc", 0.91), entry("logloss", 0.25));
        assertThat(lock.trainedAt()).isEqualTo(2_000L);
        assertThat(lock.trainedBy()).isEqualTo("ana");
        assertThat(lock.approvals()).isEmpty();
        assertThat(v.userId()).isEqualTo(actor());

        tracking().logBatch(run, List.of(new Metric("auc", 0.5, 3_000L, 9L)), List.of(), List.of());
        assertThat(registry.getVersionLock(name, v.version()).metrics()).containsEntry("auc", 0.91);
    }

    @Test
    void lockOfAVersionRegisteredInsideItsRunIsCompletedOnceTheRunEnds() {
        String run = trainedRun(RunStatus.RUNNING);
        registry.createModelVersion(new NewModelVersion(name, "runs:/" + run + "/model", run, List.of(), null, null));
        tracking().logBatch(run, List.of(new Metric("final_auc", 0.93, 2_500L, 0L)), List.of(), List.of());
        assertThat(registry.getVersionLock(name, "1").metrics()).containsEntry("final_auc", 0.93);
        tracking().updateRun(run, RunStatus.FINISHED, 4_000L, null);
        registry.transitionStage(name, "1", Stage.PRODUCTION, false);
        tracking().logBatch(run, List.of(new Metric("late", 1.0, 5_000L, 0L)), List.of(), List.of());

        VersionLock lock = registry.getVersionLock(name, "1");
        assertThat(lock.trainedAt()).isEqualTo(4_000L);
        assertThat(lock.metrics()).containsKey("final_auc").doesNotContainKey("late");
    }

    @Test
    void promotionsRecordTheirApprover() {
        version("runs:/" + runId + "/model");
        registry.transitionStage(name, "1", Stage.STAGING, false);
        registry.transitionStage(name, "1", Stage.ARCHIVED, false);
        registry.setAlias(name, "champion", "1");

        List<VersionLock.Approval> approvals = registry.getVersionLock(name, "1").approvals();
        assertThat(approvals).extracting(VersionLock.Approval::action).containsExactly("stage:Staging", "alias:champion");
        assertThat(approvals).extracting(VersionLock.Approval::approvedBy).containsOnly(actor());
        assertThat(approvals.get(0).approvedAt()).isPositive();

        String renamed = name + "-renamed";
        registry.renameRegisteredModel(name, renamed);
        assertThat(registry.getVersionLock(renamed, "1").approvals()).hasSize(2);
        registry.deleteModelVersion(renamed, "1");
        assertCode(() -> registry.getVersionLock(renamed, "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        registry.deleteRegisteredModel(renamed);
    }

    @Test
    void versionWithoutARunHasAnEmptyLock() {
        version("mlflow-artifacts:/1/" + runId + "/artifacts/model");
        ModelVersion plain = registry.createModelVersion(new NewModelVersion(name, "mlflow-artifacts:/1/x/model", null,
                List.of(), null, null));
        VersionLock lock = registry.getVersionLock(name, plain.version());
        assertThat(lock.runId()).isNull();
        assertThat(lock.codeCommit()).isNull();
        assertThat(lock.codeDirty()).isNull();
        assertThat(lock.params()).isEmpty();
        assertThat(lock.data()).isEmpty();
        assertThat(registry.getVersionLock(name, "1").runId()).isEqualTo(runId);
        assertCode(() -> registry.getVersionLock(name, "99"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
        assertCode(() -> registry.getVersionLock(name, "one"), ErrorCode.INVALID_PARAMETER_VALUE);
        assertCode(() -> registry.getVersionLock(name + "-missing", "1"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    }

    /** A run as a training script logs it: git tags, params, metrics and two input datasets. */
    private String trainedRun(RunStatus status) {
        String experiment = tracking().createExperiment("exp-" + UUID.randomUUID(), null, List.of());
        String run = tracking().createRun(new NewRun(experiment, "ana", "train", 1_000L, List.of(
                new Tag(GitSource.COMMIT_TAG, "3f2a9c1d4b5e6f708192a3b4c5d6e7f809102a3b"),
                new Tag(GitSource.DIRTY_TAG, "true"),
                new Tag(GitSource.REPOSITORY_TAG, "https://git.example.com/team/churn.git")))).info().runId();
        tracking().logBatch(run, List.of(new Metric("auc", 0.8, 1_100L, 0L), new Metric("auc", 0.91, 1_200L, 1L),
                new Metric("logloss", 0.25, 1_200L, 1L)), List.of(new Param("max_depth", "6"),
                new Param("learning_rate", "0.1")), List.of());
        tracking().logInputs(run, List.of(
                new DatasetInput(List.of(new Tag("mlflow.data.context", "training")),
                        new Dataset("train.csv", "d41d8cd9", "local", "{\"uri\": \"data/train.csv\"}", null, null)),
                new DatasetInput(List.of(new Tag("mlflow.data.context", "validation")),
                        new Dataset("eval.csv", "9e107d9d", "local", "{\"uri\": \"data/eval.csv\"}", null, null))));
        if (status != RunStatus.RUNNING) {
            tracking().updateRun(run, status, 2_000L, null);
        }
        return run;
    }

    private ModelVersion version(String source) {
        return registry.createModelVersion(new NewModelVersion(name, source, runId, List.of(), null, null));
    }

    private static CapstanException assertCode(Executable call, ErrorCode code) {
        CapstanException e = catchThrowableOfType(CapstanException.class, () -> call.execute());
        assertThat(e).as("expected a CapstanException with code %s", code).isNotNull();
        assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
        return e;
    }
}
