package dev.capstan.server.ui;

import dev.capstan.CapstanException;
import dev.capstan.pipeline.Dag;
import dev.capstan.pipeline.PipelineFile;
import dev.capstan.pipeline.ReproTracking;
import dev.capstan.pipeline.Stage;
import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.ExperimentQuery;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;
import dev.capstan.tracking.search.SearchFilter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipelines that {@code capstan repro} recorded: {@code /pipelines} lists each {@code dvc.yaml} with its latest
 * repro, {@code /pipelines/view?file=PATH} draws its stages as a graph, coloured by each stage's last result, with
 * the recent repros. A repro is a run tagged {@code mlflow.source.type = PIPELINE}, its stages child runs; the graph
 * comes from the {@code dvc.yaml} itself when this server can read it.
 */
final class PipelinesPage {

    private static final String PIPELINE_RUNS = "tags.`mlflow.source.type` = 'PIPELINE'";
    private static final int LISTED_REPROS = 1000;
    private static final int RECENT_REPROS = 20;

    private PipelinesPage() {
    }

    static String list(TrackingStore tracking) {
        List<String> experiments = experimentIds(tracking);
        StringBuilder body = new StringBuilder("<h1>Pipelines</h1>\n");
        Map<String, List<Run>> byFile = new LinkedHashMap<>();
        if (!experiments.isEmpty()) {
            repros(tracking, experiments, PIPELINE_RUNS, LISTED_REPROS)
                    .forEach(r -> byFile.computeIfAbsent(tag(r, "mlflow.source.name"), f -> new ArrayList<>()).add(r));
        }
        if (byFile.isEmpty()) {
            body.append("<p class=\"empty\">No pipeline has run yet: <code>capstan repro</code> in a project with a "
                    + "<code>dvc.yaml</code> records each run here.</p>");
            return Html.page("Pipelines", "pipelines", body.toString());
        }
        body.append("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Pipeline</th><th scope=\"col\">"
                + "Last run (UTC)</th><th scope=\"col\">Status</th><th scope=\"col\">Commit</th><th scope=\"col\">"
                + "Runs</th></tr></thead><tbody>\n");
        byFile.forEach((file, runs) -> {
            Run last = runs.get(0);
            body.append("<tr><td><a href=\"").append(Html.href("/pipelines/view", Html.params("file", file)))
                    .append("\">").append(Html.esc(file)).append("</a></td><td><a href=\"/runs/")
                    .append(Html.encode(last.info().runId())).append("\">").append(Html.time(last.info().startTime()))
                    .append("</a></td><td class=\"status-").append(last.info().status()).append("\">")
                    .append(Html.esc(last.info().status())).append("</td><td><code>")
                    .append(Html.esc(shortCommit(tag(last, "mlflow.source.git.commit")))).append("</code></td>"
                            + "<td class=\"num\">").append(runs.size()).append("</td></tr>\n");
        });
        body.append("</tbody></table></div>\n<p class=\"muted\">From the newest ").append(LISTED_REPROS)
                .append(" pipeline runs.</p>\n");
        return Html.page("Pipelines", "pipelines", body.toString());
    }

    static String pipeline(TrackingStore tracking, String file) {
        if (file == null) {
            throw CapstanException.invalid("Which pipeline? Choose one on the pipelines page");
        }
        List<String> experiments = experimentIds(tracking);
        List<Run> repros = experiments.isEmpty() ? List.of() : repros(tracking, experiments, PIPELINE_RUNS
                + " AND tags.`mlflow.source.name` = " + SearchFilter.literal(file), RECENT_REPROS);
        if (repros.isEmpty()) {
            throw CapstanException.notFound("No pipeline runs of %s are recorded here", file);
        }
        Map<String, Run> lastOfStage = new LinkedHashMap<>();
        Map<String, Integer> stagesOfRepro = new LinkedHashMap<>();
        for (Run repro : repros) {
            List<Run> stages = repros(tracking, List.of(repro.info().experimentId()), "tags.`"
                    + ReproTracking.PARENT_TAG + "` = " + SearchFilter.literal(repro.info().runId()), 1000);
            stagesOfRepro.put(repro.info().runId(), stages.size());
            stages.forEach(s -> lastOfStage.putIfAbsent(s.info().runName(), s));
        }
        StringBuilder body = new StringBuilder("<p class=\"muted\"><a href=\"/pipelines\">Pipelines</a></p><h1>")
                .append(Html.esc(file)).append("</h1>\n");
        List<Stage> stages = List.of();
        Dag dag = null;
        try {
            Path dir = Path.of(file).getParent();
            if (dir == null || !Path.of(file).isAbsolute()) {
                throw CapstanException.invalid("'%s' is not an absolute path", file);
            }
            stages = PipelineFile.readAll(dir);
            dag = Dag.of(stages);
        } catch (RuntimeException e) {
            body.append("<p class=\"muted\">The graph is not shown: this server cannot read the pipeline (")
                    .append(Html.esc(e.getMessage())).append(").</p>\n");
        }
        if (dag != null) {
            body.append(DagChart.render(dag, lastOfStage));
        }
        body.append("<h2>Stages</h2>\n").append(stageTable(stages, lastOfStage));
        body.append("<h2>Recent runs</h2>\n").append(reproTable(repros, stagesOfRepro));
        return Html.page("Pipeline " + file, "pipelines", body.toString());
    }

    /** Each stage (those of the file, then any others recorded) with its last recorded result. */
    private static String stageTable(List<Stage> stages, Map<String, Run> lastOfStage) {
        List<String> names = new ArrayList<>(stages.stream().map(Stage::name).toList());
        lastOfStage.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        if (names.isEmpty()) {
            return "<p class=\"empty\">No stage of it is recorded.</p>\n";
        }
        StringBuilder out = new StringBuilder("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Stage"
                + "</th><th scope=\"col\">Last result</th><th scope=\"col\">When (UTC)</th><th scope=\"col\">Seconds"
                + "</th><th scope=\"col\">Log</th><th scope=\"col\">Command</th></tr></thead><tbody>\n");
        for (String name : names) {
            Run run = lastOfStage.get(name);
            String command = stages.stream().filter(s -> s.name().equals(name)).findFirst()
                    .map(s -> String.join(" && ", s.cmd())).orElse(run == null ? "" : tag(run, "capstan.stage.cmd"));
            out.append("<tr><th scope=\"row\">").append(Html.esc(name)).append("</th>");
            if (run == null) {
                out.append("<td class=\"muted\">not run yet</td><td></td><td></td><td></td>");
            } else {
                String result = tag(run, "capstan.stage.result");
                out.append("<td class=\"result-").append(Html.esc(result)).append("\"><a href=\"/runs/")
                        .append(Html.encode(run.info().runId())).append("\">").append(Html.esc(result))
                        .append("</a></td><td>").append(Html.time(run.info().startTime())).append("</td><td class=\"num\">")
                        .append(seconds(run)).append("</td><td><a href=\"").append(Html.href("/runs/"
                                + Html.encode(run.info().runId()) + "/artifacts", Html.params("path", "logs/" + name
                                + ".log"))).append("\">log</a></td>");
            }
            out.append("<td><code>").append(Html.esc(command)).append("</code></td></tr>\n");
        }
        return out.append("</tbody></table></div>\n").toString();
    }

    private static String reproTable(List<Run> repros, Map<String, Integer> stagesOfRepro) {
        StringBuilder out = new StringBuilder("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Started "
                + "(UTC)</th><th scope=\"col\">Status</th><th scope=\"col\">Stages run</th><th scope=\"col\">Seconds"
                + "</th><th scope=\"col\">Commit</th><th scope=\"col\">Run</th></tr></thead><tbody>\n");
        for (Run r : repros) {
            out.append("<tr><td>").append(Html.time(r.info().startTime())).append("</td><td class=\"status-")
                    .append(r.info().status()).append("\">").append(Html.esc(r.info().status()))
                    .append("</td><td class=\"num\">").append(stagesOfRepro.get(r.info().runId()))
                    .append("</td><td class=\"num\">").append(seconds(r)).append("</td><td><code>")
                    .append(Html.esc(shortCommit(tag(r, "mlflow.source.git.commit")))).append("</code></td><td><a "
                            + "href=\"/runs/").append(Html.encode(r.info().runId())).append("\">")
                    .append(Html.esc(Html.runName(r))).append("</a></td></tr>\n");
        }
        return out.append("</tbody></table></div>\n").toString();
    }

    /** The newest runs of {@code experiments} matching {@code filter}. */
    private static List<Run> repros(TrackingStore tracking, List<String> experiments, String filter, int max) {
        return tracking.searchRuns(new RunQuery(experiments, filter, ViewType.ACTIVE_ONLY, max,
                List.of("attributes.start_time DESC"), null)).items();
    }

    /** Every active experiment, for searches over all runs. */
    static List<String> experimentIds(TrackingStore tracking) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            Page<Experiment> page = tracking.searchExperiments(new ExperimentQuery(ViewType.ACTIVE_ONLY, 1000, null,
                    List.of(), token));
            page.items().forEach(e -> ids.add(e.experimentId()));
            token = page.nextPageToken();
        } while (token != null);
        return ids;
    }

    /** A run's tag, or empty. */
    static String tag(Run run, String key) {
        return run.data().tags().stream().filter(t -> t.key().equals(key)).map(t -> t.value()).findFirst()
                .orElse("");
    }

    private static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String seconds(Run run) {
        Long start = run.info().startTime();
        Long end = run.info().endTime();
        return start == null || end == null ? "" : Html.number((end - start) / 1000.0);
    }

}
