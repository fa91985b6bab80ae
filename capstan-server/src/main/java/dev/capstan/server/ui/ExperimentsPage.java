package dev.capstan.server.ui;

import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.ExperimentQuery;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /}: the experiments, newest first, a page at a time. */
final class ExperimentsPage {

    private static final int PAGE_SIZE = 100;

    private ExperimentsPage() {
    }

    static String render(TrackingStore tracking, String pageToken) {
        Page<Experiment> page = tracking.searchExperiments(new ExperimentQuery(ViewType.ACTIVE_ONLY, PAGE_SIZE, null,
                List.of("creation_time DESC"), pageToken));
        StringBuilder body = new StringBuilder("<h1>Experiments</h1>\n");
        if (page.items().isEmpty()) {
            body.append("<p class=\"empty\">No experiments yet. Log runs with any MLflow client "
                    + "(<code>MLFLOW_TRACKING_URI</code> pointed here) or <code>capstan train</code>.</p>");
            return Html.page("Experiments", "experiments", body.toString());
        }
        body.append("<div class=\"table-wrap\"><table>\n<thead><tr><th scope=\"col\">ID</th>"
                + "<th scope=\"col\">Name</th><th scope=\"col\">Created (UTC)</th>"
                + "<th scope=\"col\">Artifact location</th></tr></thead>\n<tbody>\n");
        for (Experiment e : page.items()) {
            body.append("<tr><td>").append(Html.esc(e.experimentId())).append("</td><td><a href=\"/experiments/")
                    .append(Html.encode(e.experimentId())).append("\">").append(Html.esc(e.name()))
                    .append("</a></td><td>").append(Html.time(e.creationTime())).append("</td><td class=\"muted\">")
                    .append(Html.esc(e.artifactLocation())).append("</td></tr>\n");
        }
        body.append("</tbody></table></div>\n");
        if (page.nextPageToken() != null) {
            Map<String, String> next = new LinkedHashMap<>();
            next.put("page_token", page.nextPageToken());
            body.append("<nav class=\"pager\" aria-label=\"Pages\"><a href=\"/\">First page</a><a href=\"")
                    .append(Html.href("/", next)).append("\" rel=\"next\">Next page</a></nav>");
        }
        return Html.page("Experiments", "experiments", body.toString());
    }
}
