package dev.capstan.tracking.internal;

import dev.capstan.store.internal.PageToken;
import dev.capstan.store.internal.SqlQuery;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.capstan.CapstanException;
import dev.capstan.Json;
import dev.capstan.store.Database;
import dev.capstan.store.artifact.ArtifactPaths;
import dev.capstan.store.internal.SqlErrors;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.ExperimentQuery;
import dev.capstan.tracking.LifecycleStage;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.MetricWithRunId;
import dev.capstan.tracking.NewRun;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;
import dev.capstan.tracking.search.OrderKey;
import dev.capstan.tracking.search.SearchFilter;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The tracking store on SQLite or PostgreSQL. Every write is one transaction; validation happens before the
 * transaction opens, so a rejected request changes nothing. Thread-safe.
 */
public final class SqlTrackingStore implements TrackingStore {

    /** Runs' artifacts go under this scheme unless an experiment names its own location: the server proxies them. */
    public static final String PROXIED_ARTIFACT_ROOT = "mlflow-artifacts:/";
    static final String RUN_NAME_TAG = "mlflow.runName";
    static final String MODEL_HISTORY_TAG = "mlflow.log-model.history";

    private static final int MAX_RESULTS_DEFAULT = 1000;
    private static final int MAX_RESULTS_LIMIT = 50_000;
    private static final int MAX_HISTORY_PAGE = 25_000;
    private static final int MAX_BULK_RUNS = 100;
    private static final int BULK_MAX_RESULTS = 2_500;

    private final Database db;

    public SqlTrackingStore(Database db) {
        this.db = db;
        createDefaultExperiment();
    }

    // ---------------------------------------------------------------- experiments

    @Override
    public String createExperiment(String name, String artifactLocation, List<Tag> tags) {
        TrackingValidation.experimentName(name);
        List<Tag> safeTags = tags == null ? List.of() : tags.stream().map(TrackingValidation::experimentTag).toList();
        String location = artifactLocation == null || artifactLocation.isEmpty()
                ? null : ArtifactPaths.validateLocation(artifactLocation).toString();
        for (int attempt = 0; ; attempt++) {
            try {
                return db.write(h -> insertExperiment(h, name, location, safeTags));
            } catch (RuntimeException e) {
                if (!SqlErrors.isUniqueViolation(e) || attempt >= 3) {
                    throw e;
                }
                if (findExperimentByName(name).isPresent()) {
                    throw experimentExists(name);
                }
            }
        }
    }

    private String insertExperiment(Handle h, String name, String location, List<Tag> tags) {
        if (h.createQuery("SELECT 1 FROM experiments WHERE name = :name").bind("name", name)
                .mapTo(Integer.class).findOne().isPresent()) {
            throw experimentExists(name);
        }
        long id = h.createQuery("SELECT COALESCE(MAX(experiment_id), 0) + 1 FROM experiments").mapTo(Long.class).one();
        long now = System.currentTimeMillis();
        h.createUpdate("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, "
                        + "last_update_time) VALUES (:id, :name, :location, :stage, :now, :now)")
                .bind("id", id).bind("name", name)
                .bind("location", location != null ? location : PROXIED_ARTIFACT_ROOT + id)
                .bind("stage", LifecycleStage.ACTIVE).bind("now", now).execute();
        tags.forEach(tag -> upsertExperimentTag(h, id, tag));
        return Long.toString(id);
    }

    @Override
    public Experiment getExperiment(String experimentId) {
        long id = TrackingValidation.experimentId(experimentId);
        return db.read(h -> loadExperiment(h, id));
    }

    @Override
    public Experiment getExperimentByName(String name) {
        TrackingValidation.required(name, "experiment_name");
        return findExperimentByName(name)
                .orElseThrow(() -> CapstanException.notFound("Could not find experiment with name '%s'", name));
    }

    private Optional<Experiment> findExperimentByName(String name) {
        return db.read(h -> h.createQuery("SELECT experiment_id FROM experiments WHERE name = :name")
                .bind("name", name).mapTo(Long.class).findOne().map(id -> loadExperiment(h, id)));
    }

    @Override
    public Page<Experiment> searchExperiments(ExperimentQuery query) {
        int limit = PageToken.maxResults(query.maxResults(), MAX_RESULTS_DEFAULT, MAX_RESULTS_LIMIT);
        int offset = PageToken.offset(query.pageToken());
        ViewType view = query.viewType() == null ? ViewType.ACTIVE_ONLY : query.viewType();
        SqlQuery sql = ExperimentSearchSql.build(view.stages(), SearchFilter.parse(query.filter()),
                orderKeys(query.orderBy()), limit + 1, offset);
        return db.read(h -> {
            List<Experiment> rows = sql.on(h).map((rs, ctx) -> Rows.experiment(rs)).list();
            boolean more = rows.size() > limit;
            List<Experiment> page = new ArrayList<>();
            for (Experiment e : rows.subList(0, Math.min(limit, rows.size()))) {
                page.add(withTags(h, e));
            }
            return new Page<>(page, PageToken.next(offset, page.size(), limit, more));
        });
    }

    @Override
    public void renameExperiment(String experimentId, String newName) {
        long id = TrackingValidation.experimentId(experimentId);
        TrackingValidation.experimentName(newName);
        try {
            db.write(h -> {
                requireActive(loadExperiment(h, id));
                if (h.createQuery("SELECT 1 FROM experiments WHERE name = :name AND experiment_id <> :id")
                        .bind("name", newName).bind("id", id).mapTo(Integer.class).findOne().isPresent()) {
                    throw experimentExists(newName);
                }
                return h.createUpdate("UPDATE experiments SET name = :name, last_update_time = :now WHERE experiment_id = :id")
                        .bind("name", newName).bind("now", System.currentTimeMillis()).bind("id", id).execute();
            });
        } catch (RuntimeException e) {
            throw SqlErrors.isUniqueViolation(e) ? experimentExists(newName) : e;
        }
    }

    @Override
    public void deleteExperiment(String experimentId) {
        setExperimentStage(experimentId, LifecycleStage.DELETED);
    }

    @Override
    public void restoreExperiment(String experimentId) {
        setExperimentStage(experimentId, LifecycleStage.ACTIVE);
    }

    /** Deletes or restores an experiment together with its runs, as MLflow's SQL store does. */
    private void setExperimentStage(String experimentId, String stage) {
        long id = TrackingValidation.experimentId(experimentId);
        long now = System.currentTimeMillis();
        db.write(h -> {
            Experiment e = loadExperiment(h, id);
            if (e.lifecycleStage().equals(stage)) {
                throw CapstanException.notFound("No %s experiment with id=%s exists",
                        stage.equals(LifecycleStage.ACTIVE) ? "deleted" : "active", experimentId);
            }
            h.createUpdate("UPDATE experiments SET lifecycle_stage = :stage, last_update_time = :now WHERE experiment_id = :id")
                    .bind("stage", stage).bind("now", now).bind("id", id).execute();
            return h.createUpdate("UPDATE runs SET lifecycle_stage = :stage, deleted_time = :deleted WHERE experiment_id = :id")
                    .bind("stage", stage).bind("deleted", stage.equals(LifecycleStage.DELETED) ? now : null)
                    .bind("id", id).execute();
        });
    }

    @Override
    public void setExperimentTag(String experimentId, Tag tag) {
        long id = TrackingValidation.experimentId(experimentId);
        Tag checked = TrackingValidation.experimentTag(tag);
        db.write(h -> {
            requireActive(loadExperiment(h, id));
            upsertExperimentTag(h, id, checked);
            return null;
        });
    }

    @Override
    public void deleteExperimentTag(String experimentId, String key) {
        long id = TrackingValidation.experimentId(experimentId);
        TrackingValidation.required(key, "key");
        db.write(h -> {
            requireActive(loadExperiment(h, id));
            int deleted = h.createUpdate("DELETE FROM experiment_tags WHERE experiment_id = :id AND key = :key")
                    .bind("id", id).bind("key", key).execute();
            if (deleted == 0) {
                throw CapstanException.notFound("No tag with name: %s in experiment with id %s", key, experimentId);
            }
            return null;
        });
    }

    private void createDefaultExperiment() {
        long now = System.currentTimeMillis();
        db.write(h -> h.createUpdate("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, "
                        + "creation_time, last_update_time) VALUES (0, :name, :location, :stage, :now, :now) "
                        + "ON CONFLICT DO NOTHING")
                .bind("name", Experiment.DEFAULT_NAME).bind("location", PROXIED_ARTIFACT_ROOT + "0")
                .bind("stage", LifecycleStage.ACTIVE).bind("now", now).execute());
    }

    private static Experiment loadExperiment(Handle h, long id) {
        Experiment e = h.createQuery("SELECT " + ExperimentSearchSql.COLUMNS + " FROM experiments e WHERE experiment_id = :id")
                .bind("id", id).map((rs, ctx) -> Rows.experiment(rs)).findOne()
                .orElseThrow(() -> CapstanException.notFound("No Experiment with id=%d exists", id));
        return withTags(h, e);
    }

    private static Experiment withTags(Handle h, Experiment e) {
        List<Tag> tags = h.createQuery("SELECT key, value FROM experiment_tags WHERE experiment_id = :id ORDER BY key")
                .bind("id", Long.parseLong(e.experimentId()))
                .map((rs, ctx) -> new Tag(rs.getString("key"), rs.getString("value"))).list();
        return new Experiment(e.experimentId(), e.name(), e.artifactLocation(), e.lifecycleStage(), e.lastUpdateTime(),
                e.creationTime(), tags);
    }

    private static void upsertExperimentTag(Handle h, long id, Tag tag) {
        h.createUpdate("INSERT INTO experiment_tags (experiment_id, key, value) VALUES (:id, :key, :value) "
                        + "ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value")
                .bind("id", id).bind("key", tag.key()).bind("value", tag.value()).execute();
    }

    private static void requireActive(Experiment e) {
        if (!LifecycleStage.ACTIVE.equals(e.lifecycleStage())) {
            throw CapstanException.invalid("The experiment %s must be in the 'active' state. Current state is %s.",
                    e.experimentId(), e.lifecycleStage());
        }
    }

    private static CapstanException experimentExists(String name) {
        return CapstanException.alreadyExists("Experiment '%s' already exists.", name);
    }

    // ---------------------------------------------------------------- runs

    @Override
    public Run createRun(NewRun request) {
        long experimentId = TrackingValidation.experimentId(
                request.experimentId() == null ? Experiment.DEFAULT_ID : request.experimentId());
        List<Tag> tags = new ArrayList<>(request.tags() == null ? List.<Tag>of()
                : request.tags().stream().map(TrackingValidation::runTag).toList());
        String runName = runName(request.runName(), tags);
        tags.removeIf(t -> t.key().equals(RUN_NAME_TAG));
        tags.add(new Tag(RUN_NAME_TAG, runName));
        String runId = UUID.randomUUID().toString().replace("-", "");
        long start = request.startTime() != null ? request.startTime() : System.currentTimeMillis();
        return db.write(h -> {
            Experiment e = loadExperiment(h, experimentId);
            requireActive(e);
            h.createUpdate("INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, lifecycle_stage, "
                            + "artifact_uri) VALUES (:id, :experiment, :name, :user, :status, :start, :stage, :uri)")
                    .bind("id", runId).bind("experiment", experimentId).bind("name", runName)
                    .bind("user", Objects.requireNonNullElse(request.userId(), ""))
                    .bind("status", RunStatus.RUNNING.name()).bind("start", start)
                    .bind("stage", LifecycleStage.ACTIVE)
                    .bind("uri", e.artifactLocation().replaceAll("/+$", "") + "/" + runId + "/artifacts").execute();
            RunBatchWriter.upsertTags(h, runId, tags);
            return RunLoader.load(h, loadRunInfo(h, runId));
        });
    }

    private static String runName(String requested, List<Tag> tags) {
        String fromTag = tags.stream().filter(t -> t.key().equals(RUN_NAME_TAG)).map(Tag::value).findFirst().orElse(null);
        if (requested != null && !requested.isEmpty() && fromTag != null && !fromTag.equals(requested)) {
            throw CapstanException.invalid("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with "
                    + "different values (run_name='%s', mlflow.runName='%s').", requested, fromTag);
        }
        String name = requested != null && !requested.isEmpty() ? requested : fromTag;
        return name != null && !name.isEmpty() ? name : RunNames.random();
    }

    @Override
    public Run getRun(String runId) {
        TrackingValidation.runId(runId);
        return db.read(h -> RunLoader.load(h, loadRunInfo(h, runId)));
    }

    @Override
    public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
        TrackingValidation.runId(runId);
        return db.write(h -> {
            RunInfo info = requireActive(loadRunInfo(h, runId));
            h.createUpdate("UPDATE runs SET status = :status, end_time = :end, name = :name WHERE run_uuid = :id")
                    .bind("status", (status != null ? status : info.status()).name())
                    .bind("end", endTime != null ? endTime : info.endTime())
                    .bind("name", runName != null && !runName.isEmpty() ? runName : info.runName())
                    .bind("id", runId).execute();
            if (runName != null && !runName.isEmpty()) {
                RunBatchWriter.upsertTags(h, runId, List.of(new Tag(RUN_NAME_TAG, runName)));
            }
            return loadRunInfo(h, runId);
        });
    }

    @Override
    public void deleteRun(String runId) {
        setRunStage(runId, LifecycleStage.DELETED);
    }

    @Override
    public void restoreRun(String runId) {
        setRunStage(runId, LifecycleStage.ACTIVE);
    }

    private void setRunStage(String runId, String stage) {
        TrackingValidation.runId(runId);
        db.write(h -> {
            loadRunInfo(h, runId);
            return h.createUpdate("UPDATE runs SET lifecycle_stage = :stage, deleted_time = :deleted WHERE run_uuid = :id")
                    .bind("stage", stage)
                    .bind("deleted", stage.equals(LifecycleStage.DELETED) ? System.currentTimeMillis() : null)
                    .bind("id", runId).execute();
        });
    }

    @Override
    public Page<Run> searchRuns(RunQuery query) {
        int limit = PageToken.maxResults(query.maxResults(), MAX_RESULTS_DEFAULT, MAX_RESULTS_LIMIT);
        int offset = PageToken.offset(query.pageToken());
        List<Long> experimentIds = query.experimentIds() == null ? List.of()
                : query.experimentIds().stream().map(TrackingValidation::experimentId).toList();
        ViewType view = query.runViewType() == null ? ViewType.ACTIVE_ONLY : query.runViewType();
        RunSearchSql search = new RunSearchSql(experimentIds, view.stages(), SearchFilter.parse(query.filter()),
                orderKeys(query.orderBy()));
        search.validate();
        if (experimentIds.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        return db.read(h -> {
            List<RunInfo> rows = search.rows(h, limit + 1, offset);
            boolean more = rows.size() > limit;
            List<Run> page = RunLoader.loadAll(h, rows.subList(0, Math.min(limit, rows.size())));
            return new Page<>(page, PageToken.next(offset, page.size(), limit, more));
        });
    }

    // ---------------------------------------------------------------- logging

    @Override
    public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
        TrackingValidation.runId(runId);
        List<Metric> m = metrics == null ? List.of() : metrics;
        List<Param> p = params == null ? List.of() : params;
        List<Tag> t = tags == null ? List.of() : tags;
        TrackingValidation.Batch batch = TrackingValidation.batch(m, p, t);
        db.write(h -> {
            requireActive(loadRunInfo(h, runId));
            RunBatchWriter.write(h, runId, batch.metrics(), batch.params(), batch.tags());
            return null;
        });
    }

    @Override
    public void deleteTag(String runId, String key) {
        TrackingValidation.runId(runId);
        TrackingValidation.required(key, "key");
        db.write(h -> {
            requireActive(loadRunInfo(h, runId));
            int deleted = h.createUpdate("DELETE FROM tags WHERE run_uuid = :id AND key = :key")
                    .bind("id", runId).bind("key", key).execute();
            if (deleted == 0) {
                throw CapstanException.notFound("No tag with name: %s in run with id %s", key, runId);
            }
            return null;
        });
    }

    @Override
    public void logInputs(String runId, List<DatasetInput> datasets) {
        TrackingValidation.runId(runId);
        List<DatasetInput> inputs = datasets == null ? List.of() : datasets;
        inputs.forEach(DatasetInputs::validate);
        db.write(h -> {
            RunInfo info = requireActive(loadRunInfo(h, runId));
            DatasetInputs.write(h, info, inputs);
            return null;
        });
    }

    @Override
    public void logModel(String runId, String modelJson) {
        TrackingValidation.runId(runId);
        JsonNode model = parseModel(modelJson);
        db.write(h -> {
            requireActive(loadRunInfo(h, runId));
            String history = h.createQuery("SELECT value FROM tags WHERE run_uuid = :id AND key = :key")
                    .bind("id", runId).bind("key", MODEL_HISTORY_TAG).mapTo(String.class).findOne().orElse("[]");
            ArrayNode list = readJson(history) instanceof ArrayNode logged ? logged : Json.MAPPER.createArrayNode();
            list.add(model);
            RunBatchWriter.upsertTags(h, runId, List.of(new Tag(MODEL_HISTORY_TAG, list.toString())));
            return null;
        });
    }

    private static JsonNode parseModel(String modelJson) {
        TrackingValidation.required(modelJson, "model_json");
        JsonNode model = readJson(modelJson);
        if (model == null || !model.isObject()) {
            throw CapstanException.invalid("Invalid model_json: expected a JSON object, found '%s'", modelJson);
        }
        List<String> missing = new ArrayList<>();
        for (String field : List.of("artifact_path", "flavors", "utc_time_created", "run_id")) {
            if (!model.has(field)) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw CapstanException.invalid("Model json is missing mandatory fields: %s", missing);
        }
        return model;
    }

    /** The parsed JSON, or {@code null} when the text is not JSON. */
    private static JsonNode readJson(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- metric history

    @Override
    public Page<Metric> getMetricHistory(String runId, String metricKey, Integer maxResults, String pageToken) {
        TrackingValidation.runId(runId);
        TrackingValidation.required(metricKey, "metric_key");
        int limit = maxResults == null && pageToken == null ? Integer.MAX_VALUE
                : PageToken.maxResults(maxResults, MAX_HISTORY_PAGE, MAX_HISTORY_PAGE);
        int offset = PageToken.offset(pageToken);
        return db.read(h -> {
            List<Metric> rows = h.createQuery("SELECT key, value, is_nan, timestamp, step FROM metrics "
                            + "WHERE run_uuid = :id AND key = :key ORDER BY step, timestamp, value LIMIT :limit OFFSET :offset")
                    .bind("id", runId).bind("key", metricKey)
                    .bind("limit", limit == Integer.MAX_VALUE ? Integer.MAX_VALUE : limit + 1).bind("offset", offset)
                    .map((rs, ctx) -> Rows.metric(rs)).list();
            boolean more = rows.size() > limit;
            List<Metric> page = rows.subList(0, Math.min(limit, rows.size()));
            return new Page<>(List.copyOf(page), PageToken.next(offset, page.size(), limit, more));
        });
    }

    @Override
    public List<MetricWithRunId> getMetricHistoryBulkInterval(List<String> runIds, String metricKey, Long startStep,
                                                              Long endStep, Integer maxResults) {
        if (runIds == null || runIds.isEmpty()) {
            throw CapstanException.invalid("GetMetricHistoryBulkInterval request must specify at least one run_id.");
        }
        if (runIds.size() > MAX_BULK_RUNS) {
            throw CapstanException.invalid("GetMetricHistoryBulkInterval request cannot specify more than %d run_ids. "
                    + "Received %d run_ids.", MAX_BULK_RUNS, runIds.size());
        }
        runIds.forEach(TrackingValidation::runId);
        TrackingValidation.required(metricKey, "metric_key");
        if ((startStep == null) != (endStep == null)) {
            throw CapstanException.invalid("If either start step or end step are specified, both must be specified.");
        }
        if (startStep != null && endStep < startStep) {
            throw CapstanException.invalid("end_step must be greater than start_step. Found start_step=%d and end_step=%d.",
                    startStep, endStep);
        }
        int perRun = PageToken.maxResults(maxResults, BULK_MAX_RESULTS, BULK_MAX_RESULTS);
        List<String> runs = runIds.stream().distinct().toList();
        return db.read(h -> {
            runs.forEach(runId -> loadRunInfo(h, runId));
            return StepSampler.sample(h, runs, metricKey, startStep, endStep, perRun);
        });
    }

    @Override
    public void close() {
        db.close();
    }

    // ---------------------------------------------------------------- helpers

    static RunInfo loadRunInfo(Handle h, String runId) {
        return h.createQuery("SELECT " + RunSearchSql.RUN_COLUMNS + " FROM runs r WHERE r.run_uuid = :id")
                .bind("id", runId).map((rs, ctx) -> Rows.runInfo(rs)).findOne()
                .orElseThrow(() -> CapstanException.notFound("Run with id=%s not found", runId));
    }

    private static RunInfo requireActive(RunInfo info) {
        if (!LifecycleStage.ACTIVE.equals(info.lifecycleStage())) {
            throw CapstanException.invalid("The run %s must be in the 'active' state. Current state is %s.",
                    info.runId(), info.lifecycleStage());
        }
        return info;
    }

    private static List<OrderKey> orderKeys(List<String> orderBy) {
        return orderBy == null ? List.of() : orderBy.stream().map(OrderKey::parse).toList();
    }
}
