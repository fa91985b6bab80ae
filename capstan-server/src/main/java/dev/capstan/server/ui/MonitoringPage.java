package dev.capstan.server.ui;

import dev.capstan.monitor.ColumnDrift;
import dev.capstan.server.monitor.Alert;
import dev.capstan.server.monitor.ModelHealth;
import dev.capstan.server.monitor.ModelMonitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * {@code /monitoring}: the latest evaluation of every served version (window, drift share, drifted columns,
 * accuracy against its baseline, p99 latency, errors), each column's drift test, charts of its evaluations over
 * time, links to the HTML report, and the recent alerts.
 */
final class MonitoringPage {

    private MonitoringPage() {
    }

    static String render(ModelMonitor monitor) {
        StringBuilder body = new StringBuilder("<h1>Monitoring</h1>\n");
        if (monitor == null) {
            body.append("<p class=\"empty\">Monitoring is off: start the server with <code>--prediction-log DIR"
                    + "</code> (<code>capstan server</code> logs to <code>./capstan-data/predictions</code> by "
                    + "default).</p>");
            return Html.page("Monitoring", "monitoring", body.toString());
        }
        List<ModelHealth> healths = monitor.latest().stream().sorted(Comparator.comparing(ModelHealth::model)
                .thenComparing(ModelHealth::version)).toList();
        if (healths.isEmpty()) {
            body.append("<p class=\"empty\">Nothing evaluated yet: no model is served, or the first evaluation has "
                    + "not run (every ").append(Html.esc(monitor.config().interval())).append(").</p>\n");
        }
        for (ModelHealth h : healths) {
            body.append(health(h)).append(charts(monitor.history(h.model(), h.version())));
        }
        body.append("<h2>Recent alerts</h2>\n");
        List<Alert> alerts = monitor.recentAlerts();
        if (alerts.isEmpty()) {
            body.append("<p class=\"empty\">No alerts.</p>\n");
        } else {
            body.append("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Time (UTC)</th>"
                    + "<th scope=\"col\">Severity</th><th scope=\"col\">Status</th><th scope=\"col\">Rule</th>"
                    + "<th scope=\"col\">Model</th><th scope=\"col\">Message</th></tr></thead><tbody>\n");
            for (Alert a : alerts.subList(0, Math.min(100, alerts.size()))) {
                body.append("<tr><td>").append(Html.esc(a.time())).append("</td><td>").append(Html.esc(a.severity()))
                        .append("</td><td>").append(Html.esc(a.status())).append("</td><td>").append(Html.esc(a.rule()))
                        .append("</td><td>").append(Html.esc(a.model() + " " + a.version())).append("</td><td>")
                        .append(Html.esc(a.message())).append("</td></tr>\n");
            }
            body.append("</tbody></table></div>\n");
        }
        return Html.page("Monitoring", "monitoring", body.toString());
    }

    /** The version's evaluations, oldest first: the share of drifted columns, the metrics from labels, the p99. */
    private static String charts(List<ModelHealth> history) {
        if (history.size() < 2) {
            return "";
        }
        List<String> metrics = new ArrayList<>(new TreeSet<>(history.stream()
                .flatMap(h -> h.performance().metrics().keySet().stream()).toList()));
        return SvgChart.render("Share of drifted columns", List.of("share"), List.of(series(history,
                h -> h.drift() == null ? Double.NaN : h.drift().share())), "evaluation")
                + SvgChart.render("Performance from labels", metrics, metrics.stream().map(m -> series(history,
                        h -> h.performance().metrics().getOrDefault(m, Double.NaN))).toList(), "evaluation")
                + SvgChart.render("p99 latency (ms)", List.of("p99"), List.of(series(history,
                        h -> h.requests() == 0 ? Double.NaN : h.p99Millis())), "evaluation");
    }

    /** {@code value} of each evaluation, numbered from 1. */
    private static List<SvgChart.Point> series(List<ModelHealth> history, ToDoubleFunction<ModelHealth> value) {
        return IntStream.range(0, history.size()).mapToObj(i -> new SvgChart.Point(i + 1,
                value.applyAsDouble(history.get(i)))).toList();
    }

    private static String health(ModelHealth h) {
        StringBuilder out = new StringBuilder("<h2>").append(Html.esc(h.model())).append(" version ")
                .append(Html.esc(h.version())).append("</h2>\n<p>").append(Html.esc(h.summary())).append(" · ")
                .append(h.windowRows()).append(" rows in the window");
        Map<String, Double> metrics = h.performance().metrics();
        if (metrics.containsKey("accuracy_score")) {
            out.append(" · accuracy ").append(Html.number(metrics.get("accuracy_score"))).append(" over ")
                    .append(h.performance().labeled()).append(" labeled rows (baseline ")
                    .append(Html.number(h.baseline().get("accuracy_score"))).append(')');
        }
        if (h.requests() > 0) {
            out.append(" · p99 ").append(Html.number(h.p99Millis())).append(" ms · errors ")
                    .append(Html.number(100 * h.errorRate())).append(" %");
        }
        out.append("</p>\n");
        if (h.drift() != null) {
            out.append("<p><a href=\"").append(Html.href("/monitoring/report", Html.params("model", h.model(), "version",
                    h.version()))).append("\">Drift report</a></p>\n<div class=\"table-wrap\"><table><thead><tr>"
                    + "<th scope=\"col\">Column</th><th scope=\"col\">Test</th><th scope=\"col\">Score</th>"
                    + "<th scope=\"col\">Threshold</th><th scope=\"col\">Drifted</th></tr></thead><tbody>\n");
            for (ColumnDrift c : h.drift().columns()) {
                out.append("<tr").append(c.drifted() ? " class=\"differs\"" : "").append("><th scope=\"row\">")
                        .append(Html.esc(c.column())).append("</th><td>").append(Html.esc(c.method()))
                        .append("</td><td class=\"num\">").append(Html.number(c.score())).append("</td><td class=\"num\">")
                        .append(Html.number(c.threshold())).append("</td><td>").append(c.drifted() ? "yes" : "no")
                        .append("</td></tr>\n");
            }
            out.append("</tbody></table></div>\n");
        }
        return out.toString();
    }
}
