package dev.capstan.server.ui;

import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code /experiments/ID}: the experiment's runs, a page of 100 at a time, filtered with the tracking search grammar
 * ({@code metrics.acc > 0.9 and params.lr = '0.1'}), ordered by a clicked column, with the metric and param columns
 * chosen in the query string ({@code metrics=acc,loss&params=lr}; by default those of the page's runs).
 */
final class RunsPage {

    static final int PAGE_SIZE = 100;
    private static final int DEFAULT_METRICS = 6;
    private static final int DEFAULT_PARAMS = 4;

    /** The page's state, all of it in the URL. */
    record State(String filter, String order, String metrics, String params, String pageToken) {

        Map<String, String> query(String newOrder, String newToken) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("filter", filter);
            q.put("order", newOrder);
            q.put("metrics", metrics);
            q.put("params", params);
            q.put("page_token", newToken);
            return q;
        }
    }

    private RunsPage() {
    }

    static String render(TrackingStore tracking, Experiment experiment, State state) {
        Page<Run> page = tracking.searchRuns(new RunQuery(List.of(experiment.experimentId()), state.filter(),
                ViewType.ACTIVE_ONLY, PAGE_SIZE, state.order() == null ? List.of() : List.of(state.order()),
                state.pageToken()));
        String path = "/experiments/" + Html.encode(experiment.experimentId());
        StringBuilder body = new StringBuilder("<h1>").append(Html.esc(experiment.name())).append("</h1>\n");
        body.append(filterForm(path, state));
        if (page.items().isEmpty()) {
            body.append(state.filter() == null || state.filter().isBlank()
                    ? "<p class=\"empty\">No runs in this experiment yet.</p>"
                    : "<p class=\"empty\">No run matches <code>" + Html.esc(state.filter()) + "</code>.</p>");
            return Html.page(experiment.name(), "experiments", body.toString());
        }
        List<String> metrics = columns(state.metrics(), page.items(), true, DEFAULT_METRICS);
        List<String> params = columns(state.params(), page.items(), false, DEFAULT_PARAMS);
        body.append("<form method=\"get\" action=\"/compare\"><div class=\"table-wrap\"><table>\n"
                + "<caption class=\"muted\">").append(page.items().size())
                .append(" runs").append(page.nextPageToken() == null ? "" : " on this page").append("</caption>\n")
                .append("<thead><tr><th scope=\"col\"><span class=\"visually-hidden\">Compare</span></th>")
                .append(sortable(path, state, "Run", "attributes.run_name"))
                .append("<th scope=\"col\">Status</th>")
                .append(sortable(path, state, "Started (UTC)", "attributes.start_time"))
                .append("<th scope=\"col\">Duration</th><th scope=\"col\">User</th>");
        for (String m : metrics) {
            body.append(sortable(path, state, m, key("metrics", m)));
        }
        for (String p : params) {
            body.append(sortable(path, state, p, key("params", p)));
        }
        body.append("</tr></thead>\n<tbody>\n");
        for (Run run : page.items()) {
            body.append(row(run, metrics, params));
        }
        body.append("</tbody></table></div>\n<p><button type=\"submit\">Compare selected runs</button> "
                + "<span class=\"muted\">(2 to " + ComparePage.MAX_RUNS + ")</span></p></form>\n");
        body.append("<nav class=\"pager\" aria-label=\"Pages\">");
        if (state.pageToken() != null) {
            body.append("<a href=\"").append(Html.href(path, state.query(state.order(), null))).append("\">First page</a>");
        }
        if (page.nextPageToken() != null) {
            body.append("<a rel=\"next\" href=\"").append(Html.href(path, state.query(state.order(),
                    page.nextPageToken()))).append("\">Next page</a>");
        }
        body.append("</nav>\n");
        return Html.page(experiment.name(), "experiments", body.toString());
    }

    private static String filterForm(String path, State state) {
        StringBuilder form = new StringBuilder("<form class=\"filter\" method=\"get\" action=\"").append(path)
                .append("\" role=\"search\"><label for=\"filter\">Filter</label><input type=\"text\" id=\"filter\" "
                        + "name=\"filter\" placeholder=\"metrics.accuracy &gt; 0.9 and params.lr = '0.1'\" value=\"")
                .append(Html.esc(state.filter())).append("\">");
        for (String[] hidden : new String[][] {{"order", state.order()}, {"metrics", state.metrics()},
            {"params", state.params()}}) {
            if (hidden[1] != null && !hidden[1].isEmpty()) {
                form.append("<input type=\"hidden\" name=\"").append(hidden[0]).append("\" value=\"")
                        .append(Html.esc(hidden[1])).append("\">");
            }
        }
        return form.append("<button type=\"submit\">Apply</button></form>\n").toString();
    }

    /** A column header that orders by {@code key}: descending first, ascending when clicked again. */
    private static String sortable(String path, State state, String label, String key) {
        String desc = key + " DESC";
        String next = desc.equals(state.order()) ? key + " ASC" : desc;
        String sort = desc.equals(state.order()) ? "descending" : (key + " ASC").equals(state.order()) ? "ascending"
                : null;
        return "<th scope=\"col\"" + (sort == null ? "" : " aria-sort=\"" + sort + "\"") + "><a href=\""
                + Html.href(path, state.query(next, null)) + "\">" + Html.esc(label)
                + (sort == null ? "" : sort.equals("descending") ? " ▼" : " ▲") + "</a></th>";
    }

    private static String row(Run run, List<String> metrics, List<String> params) {
        Map<String, Double> latest = new LinkedHashMap<>();
        for (Metric m : run.data().metrics()) {
            latest.put(m.key(), m.value());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Param p : run.data().params()) {
            values.put(p.key(), p.value());
        }
        Long start = run.info().startTime();
        Long end = run.info().endTime();
        String name = Html.runName(run);
        StringBuilder row = new StringBuilder("<tr><td><input type=\"checkbox\" name=\"runs\" value=\"")
                .append(Html.esc(run.info().runId())).append("\" aria-label=\"Select ").append(Html.esc(name))
                .append("\"></td><td><a href=\"/runs/").append(Html.encode(run.info().runId())).append("\">")
                .append(Html.esc(name)).append("</a></td><td class=\"status-")
                .append(Html.esc(run.info().status())).append("\">").append(Html.esc(run.info().status()))
                .append("</td><td>").append(Html.time(start)).append("</td><td class=\"num\">")
                .append(start == null || end == null ? "" : duration(end - start)).append("</td><td>")
                .append(Html.esc(run.info().userId())).append("</td>");
        for (String m : metrics) {
            row.append("<td class=\"num\">").append(Html.number(latest.get(m))).append("</td>");
        }
        for (String p : params) {
            row.append("<td>").append(Html.esc(values.get(p))).append("</td>");
        }
        return row.append("</tr>\n").toString();
    }

    /** The chosen columns, else the first keys of the page's runs in alphabetical order. */
    private static List<String> columns(String chosen, List<Run> runs, boolean metrics, int limit) {
        if (chosen != null && !chosen.isBlank()) {
            return Arrays.stream(chosen.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }
        TreeSet<String> keys = new TreeSet<>();
        for (Run run : runs) {
            if (metrics) {
                run.data().metrics().forEach(m -> keys.add(m.key()));
            } else {
                run.data().params().forEach(p -> keys.add(p.key()));
            }
        }
        return new ArrayList<>(keys).subList(0, Math.min(limit, keys.size()));
    }

    /** A key as the search grammar writes it: back-quoted when it is not a plain identifier. */
    private static String key(String kind, String name) {
        return kind + "." + (name.matches("[A-Za-z0-9_]+") ? name : "`" + name + "`");
    }

    private static String duration(long millis) {
        return millis < 1000 ? millis + " ms" : millis < 60_000 ? String.format("%.1f s", millis / 1000.0)
                : String.format("%.1f min", millis / 60_000.0);
    }
}
