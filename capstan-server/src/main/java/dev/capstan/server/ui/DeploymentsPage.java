package dev.capstan.server.ui;

import dev.capstan.deploy.Deployment;
import dev.capstan.deploy.DeploymentEvent;
import dev.capstan.deploy.DeploymentSpec;
import dev.capstan.server.deploy.DeploymentManager;
import dev.capstan.server.serving.ModelEndpoint;
import dev.capstan.server.serving.TrafficHistory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * {@code /deployments}: what is served, and {@code /deployments/NAME}: a deployment's traffic split, versions,
 * each variant's rate, errors and latency, rollout state and history, with promote and rollback buttons that post to the deployments API (a small script
 * from {@code /static/capstan.js}; the API takes JSON only, which keeps other sites' forms out).
 */
final class DeploymentsPage {

    private DeploymentsPage() {
    }

    static String list(DeploymentManager deployments) {
        List<Deployment> all = deployments.list();
        StringBuilder body = new StringBuilder("<h1>Deployments</h1>\n");
        if (all.isEmpty()) {
            body.append("<p class=\"empty\">Nothing is deployed: <code>capstan deploy create -f deploy.yaml</code>."
                    + "</p>");
            return Html.page("Deployments", "deployments", body.toString());
        }
        body.append("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">"
                + "Strategy</th><th scope=\"col\">Status</th><th scope=\"col\">Primary</th><th scope=\"col\">"
                + "Candidate</th><th scope=\"col\">Candidate weight</th><th scope=\"col\">Updated (UTC)</th></tr>"
                + "</thead><tbody>\n");
        for (Deployment d : all) {
            body.append("<tr><td><a href=\"/deployments/").append(Html.encode(d.name())).append("\">")
                    .append(Html.esc(d.name())).append("</a></td><td>").append(Html.esc(d.spec().strategy()
                            .wireName())).append("</td><td>").append(Html.esc(d.status())).append("</td><td>")
                    .append(Html.esc(version(d.spec().primary(), d.primaryVersion()))).append("</td><td>")
                    .append(Html.esc(version(d.spec().candidate(), d.candidateVersion()))).append("</td><td class=\"num\">")
                    .append(d.spec().candidate() == null ? "" : d.weight() + " %").append("</td><td>")
                    .append(Html.time(d.updatedAt())).append("</td></tr>\n");
        }
        return Html.page("Deployments", "deployments", body.append("</tbody></table></div>\n").toString());
    }

    static String deployment(DeploymentManager deployments, TrafficHistory traffic, String name) {
        Deployment d = deployments.get(name);
        DeploymentSpec spec = d.spec();
        StringBuilder body = new StringBuilder("<p class=\"muted\"><a href=\"/deployments\">Deployments</a></p><h1>")
                .append(Html.esc(name)).append("</h1>\n<div class=\"table-wrap\"><table><tbody>\n");
        Html.row(body, "Strategy", spec.strategy().wireName());
        Html.row(body, "Status", d.status().name());
        Html.row(body, "Primary", version(spec.primary(), d.primaryVersion()));
        Html.row(body, "Candidate", version(spec.candidate(), d.candidateVersion()));
        ModelEndpoint.Traffic split = deployments.endpoint(name).traffic();
        Html.row(body, "Serving", deployments.endpoint(name).variants().stream().map(v -> v.name() + ": version "
                + v.model().version() + ", " + split.share(v) + " % of requests").collect(Collectors.joining("; ")));
        if (spec.rollout() != null) {
            Html.row(body, "Rollout", "step " + (d.step() + 1) + " of " + spec.rollout().steps().size());
        }
        Html.row(body, "Message", d.message());
        body.append("</tbody></table></div>\n");
        if (spec.candidate() != null || d.candidateVersion() != null) {
            body.append("<div class=\"actions\">").append(action("promote", "Promote the candidate", name))
                    .append(action("rollback", "Roll back", name)).append("</div>\n");
        }
        body.append(traffic(traffic, name));
        body.append("<h2 id=\"history\">History</h2>\n<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">"
                + "Time (UTC)</th><th scope=\"col\">Action</th><th scope=\"col\">By</th><th scope=\"col\">Status</th>"
                + "<th scope=\"col\">Weight</th><th scope=\"col\">Why</th></tr></thead><tbody>\n");
        List<DeploymentEvent> events = deployments.events(name);
        for (int i = events.size() - 1; i >= 0; i--) {
            DeploymentEvent e = events.get(i);
            body.append("<tr><td>").append(Html.time(e.time())).append("</td><td>").append(Html.esc(e.action()))
                    .append("</td><td>").append(Html.esc(e.actor())).append("</td><td>").append(Html.esc(e.status()))
                    .append("</td><td class=\"num\">").append(e.weight()).append(" %</td><td>")
                    .append(Html.esc(e.reason())).append("</td></tr>\n");
        }
        body.append("</tbody></table></div>\n<script src=\"/static/capstan.js\" defer></script>\n");
        return Html.page(name, "deployments", body.toString());
    }

    /**
     * Each variant's requests per second, errors and latency over the last minute, and its rate and 99th percentile
     * over the last ten minutes as charts.
     */
    private static String traffic(TrafficHistory traffic, String name) {
        Map<TrafficHistory.Variant, TrafficHistory.Window> minute = traffic.lastMinute(name);
        StringBuilder out = new StringBuilder("<h2 id=\"traffic\">Traffic in the last minute</h2>\n");
        if (minute.isEmpty()) {
            return out.append("<p class=\"empty\">No requests since this server started.</p>\n").toString();
        }
        out.append("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Variant</th><th scope=\"col\">"
                + "Version</th><th scope=\"col\">Requests/s</th><th scope=\"col\">Requests</th><th scope=\"col\">"
                + "Errors</th><th scope=\"col\">p50 ms</th><th scope=\"col\">p99 ms</th></tr></thead><tbody>\n");
        minute.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(TrafficHistory.Variant::variant)
                .thenComparing(TrafficHistory.Variant::version))).forEach(e -> {
                    TrafficHistory.Window w = e.getValue();
                    out.append("<tr><th scope=\"row\">").append(Html.esc(e.getKey().variant())).append("</th><td>")
                            .append(Html.esc(e.getKey().version())).append("</td><td class=\"num\">")
                            .append(Html.number(w.rate())).append("</td><td class=\"num\">").append(w.requests())
                            .append("</td><td class=\"num\">").append(w.errors()).append(w.requests() == 0 ? ""
                                    : " (" + Html.number(100 * w.errorRate()) + " %)").append("</td><td class=\"num\">")
                            .append(Html.number(w.p50Millis())).append("</td><td class=\"num\">")
                            .append(Html.number(w.p99Millis())).append("</td></tr>\n");
                });
        out.append("</tbody></table></div>\n");
        Map<TrafficHistory.Variant, List<TrafficHistory.Window>> history = traffic.history(name);
        long start = history.values().stream().flatMap(List::stream).mapToLong(w -> w.endedAt()).min().orElse(0);
        List<String> names = history.keySet().stream().map(v -> v.variant() + " (version " + v.version() + ")")
                .toList();
        out.append(SvgChart.render("Requests per second", names, series(history, start, TrafficHistory.Window::rate),
                "seconds"));
        out.append(SvgChart.render("p99 latency (ms)", names, series(history, start,
                TrafficHistory.Window::p99Millis), "seconds"));
        return out.toString();
    }

    /** One line per variant: {@code value} of each window, at its end in seconds since {@code start}. */
    private static List<List<SvgChart.Point>> series(Map<TrafficHistory.Variant, List<TrafficHistory.Window>> history,
                                                     long start, ToDoubleFunction<TrafficHistory.Window> value) {
        return history.values().stream().map(windows -> windows.stream().map(w -> new SvgChart.Point(
                (w.endedAt() - start) / 1000, value.applyAsDouble(w))).toList()).toList();
    }

    /** A button that posts {@code {name, reason}} to the deployments API; the page reloads on success. */
    private static String action(String action, String label, String name) {
        return "<form class=\"inline\" data-api=\"/api/2.0/capstan/deployments/" + action + "\" data-name=\""
                + Html.esc(name) + "\"><button type=\"submit\">" + Html.esc(label) + "</button>"
                + "<output class=\"error-text\" role=\"status\"></output></form>";
    }

    private static String version(String uri, String version) {
        return uri == null ? "" : uri + (version == null ? "" : " (version " + version + ")");
    }
}
