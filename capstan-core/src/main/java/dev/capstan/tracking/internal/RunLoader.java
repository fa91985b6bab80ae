package dev.capstan.tracking.internal;

import dev.capstan.store.internal.SqlQuery;
import dev.capstan.tracking.Dataset;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunData;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.RunInputs;
import dev.capstan.tracking.Tag;
import org.jdbi.v3.core.Handle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loads what runs logged (latest metrics, params, tags, inputs) with one query per table for a whole page. */
final class RunLoader {

    private RunLoader() {
    }

    static Run load(Handle h, RunInfo info) {
        return loadAll(h, List.of(info)).get(0);
    }

    static List<Run> loadAll(Handle h, List<RunInfo> infos) {
        if (infos.isEmpty()) {
            return List.of();
        }
        List<String> ids = infos.stream().map(RunInfo::runId).toList();
        Map<String, List<Metric>> metrics = group(h, "SELECT run_uuid, key, value, is_nan, timestamp, step "
                + "FROM latest_metrics WHERE run_uuid IN ", ids, (rs) -> Rows.metric(rs));
        Map<String, List<Param>> params = group(h, "SELECT run_uuid, key, value FROM params WHERE run_uuid IN ", ids,
                rs -> new Param(rs.getString("key"), rs.getString("value")));
        Map<String, List<Tag>> tags = group(h, "SELECT run_uuid, key, value FROM tags WHERE run_uuid IN ", ids,
                rs -> new Tag(rs.getString("key"), rs.getString("value")));
        Map<String, List<DatasetInput>> inputs = inputs(h, ids);
        List<Run> runs = new ArrayList<>(infos.size());
        for (RunInfo info : infos) {
            String id = info.runId();
            runs.add(new Run(info,
                    new RunData(metrics.getOrDefault(id, List.of()), params.getOrDefault(id, List.of()),
                            tags.getOrDefault(id, List.of())),
                    new RunInputs(inputs.getOrDefault(id, List.of()))));
        }
        return runs;
    }

    private interface RowReader<T> {
        T read(java.sql.ResultSet rs) throws java.sql.SQLException;
    }

    private static <T> Map<String, List<T>> group(Handle h, String sqlPrefix, List<String> ids, RowReader<T> reader) {
        SqlQuery q = new SqlQuery();
        q.append(sqlPrefix).append(q.bindList(ids)).append(" ORDER BY key");
        Map<String, List<T>> byRun = new HashMap<>();
        q.on(h).map((rs, ctx) -> {
            byRun.computeIfAbsent(rs.getString("run_uuid"), k -> new ArrayList<>()).add(reader.read(rs));
            return null;
        }).forEach(ignored -> { });
        return byRun;
    }

    private static Map<String, List<DatasetInput>> inputs(Handle h, List<String> ids) {
        SqlQuery q = new SqlQuery();
        q.append("SELECT ri.run_uuid, d.dataset_uuid, d.name, d.digest, d.source_type, d.source, d.schema, d.profile "
                + "FROM run_inputs ri JOIN datasets d ON d.dataset_uuid = ri.dataset_uuid WHERE ri.run_uuid IN ")
                .append(q.bindList(ids)).append(" ORDER BY d.name, d.digest");
        Map<String, Map<String, Dataset>> datasets = new LinkedHashMap<>();
        q.on(h).map((rs, ctx) -> datasets.computeIfAbsent(rs.getString("run_uuid"), k -> new LinkedHashMap<>())
                .put(rs.getString("dataset_uuid"), new Dataset(rs.getString("name"), rs.getString("digest"),
                        rs.getString("source_type"), rs.getString("source"), rs.getString("schema"),
                        rs.getString("profile")))).forEach(ignored -> { });
        if (datasets.isEmpty()) {
            return Map.of();
        }
        Map<String, List<Tag>> tags = inputTags(h, ids);
        Map<String, List<DatasetInput>> result = new HashMap<>();
        datasets.forEach((runId, byDataset) -> byDataset.forEach((datasetId, dataset) ->
                result.computeIfAbsent(runId, k -> new ArrayList<>()).add(
                        new DatasetInput(tags.getOrDefault(runId + "/" + datasetId, List.of()), dataset))));
        return result;
    }

    private static Map<String, List<Tag>> inputTags(Handle h, List<String> ids) {
        SqlQuery q = new SqlQuery();
        q.append("SELECT run_uuid, dataset_uuid, key, value FROM run_input_tags WHERE run_uuid IN ")
                .append(q.bindList(ids)).append(" ORDER BY key");
        Map<String, List<Tag>> tags = new HashMap<>();
        q.on(h).map((rs, ctx) -> tags.computeIfAbsent(rs.getString("run_uuid") + "/" + rs.getString("dataset_uuid"),
                k -> new ArrayList<>()).add(new Tag(rs.getString("key"), rs.getString("value")))).forEach(ignored -> { });
        return tags;
    }
}
