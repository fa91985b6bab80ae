package dev.capstan.server.ui;

import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;

import java.util.Comparator;
import java.util.List;

/**
 * {@code /runs/ID}: a run's details, params, tags, latest metrics, and a chart of each metric over its steps. A
 * metric's history is sampled by the store to at most {@value #POINTS} steps, so that a run with 100,000 points
 * draws as fast as one with 100.
 */
final class RunPage {

    static final int POINTS = 500;
    private static final int CHARTS = 12;

    private RunPage() {
    }

    static String render(TrackingStore tracking, Run run) {
        String title = Html.runName(run);
        StringBuilder body = new StringBuilder("<p class=\"muted\"><a href=\"/experiments/")
                .append(Html.encode(run.info().experimentId())).append("\">Experiment ")
                .append(Html.esc(run.info().experimentId())).append("</a></p>\n<h1>").append(Html.esc(title))
                .append("</h1>\n");
        body.append("<div class=\"table-wrap\"><table><tbody>\n");
        Html.row(body, "Run ID", run.info().runId());
        Html.row(body, "Status", run.info().status());
        Html.row(body, "User", run.info().userId());
        Html.row(body, "Started (UTC)", Html.time(run.info().startTime()));
        Html.row(body, "Ended (UTC)", Html.time(run.info().endTime()));
        body.append("<tr><th scope=\"row\">Artifacts</th><td><a href=\"/runs/")
                .append(Html.encode(run.info().runId())).append("/artifacts\">Browse</a> <span class=\"muted\">")
                .append(Html.esc(run.info().artifactUri())).append("</span></td></tr>\n");
        body.append("</tbody></table></div>\n");

        body.append("<h2>Metrics</h2>\n");
        List<Metric> metrics = run.data().metrics().stream().sorted(Comparator.comparing(Metric::key)).toList();
        if (metrics.isEmpty()) {
            body.append("<p class=\"empty\">No metrics logged.</p>\n");
        } else {
            body.append("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Metric</th>"
                    + "<th scope=\"col\">Latest</th><th scope=\"col\">Step</th></tr></thead><tbody>\n");
            for (Metric m : metrics) {
                body.append("<tr><th scope=\"row\">").append(Html.esc(m.key())).append("</th><td class=\"num\">")
                        .append(Html.number(m.value())).append("</td><td class=\"num\">").append(Html.esc(m.step()))
                        .append("</td></tr>\n");
            }
            body.append("</tbody></table></div>\n");
            for (Metric m : metrics.subList(0, Math.min(CHARTS, metrics.size()))) {
                body.append(SvgChart.metric(m.key(), List.of(Html.runName(run)), List.of(
                        tracking.getMetricHistoryBulkInterval(List.of(run.info().runId()), m.key(), null, null,
                                POINTS))));
            }
        }
        body.append("<h2>Parameters</h2>\n");
        List<Param> params = run.data().params().stream().sorted(Comparator.comparing(Param::key)).toList();
        if (params.isEmpty()) {
            body.append("<p class=\"empty\">No parameters logged.</p>\n");
        } else {
            body.append("<div class=\"table-wrap\"><table><tbody>\n");
            params.forEach(p -> Html.row(body, p.key(), p.value()));
            body.append("</tbody></table></div>\n");
        }
        body.append("<h2>Tags</h2>\n");
        List<Tag> tags = run.data().tags().stream().sorted(Comparator.comparing(Tag::key)).toList();
        if (tags.isEmpty()) {
            body.append("<p class=\"empty\">No tags.</p>\n");
        } else {
            body.append("<div class=\"table-wrap\"><table><tbody>\n");
            tags.forEach(t -> Html.row(body, t.key(), t.value()));
            body.append("</tbody></table></div>\n");
        }
        return Html.page(title, "experiments", body.toString());
    }
}
