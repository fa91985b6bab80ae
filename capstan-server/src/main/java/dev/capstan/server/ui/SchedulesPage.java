package dev.capstan.server.ui;

import dev.capstan.CapstanException;
import dev.capstan.pipeline.Schedule;
import dev.capstan.pipeline.ScheduleStore;

import java.time.Instant;
import java.util.List;

/**
 * The commands {@code capstan server} runs on a cron schedule: {@code /schedules} lists them with their next and last
 * run, {@code /schedules/NAME} shows one with its executions, each with its log.
 */
final class SchedulesPage {

    private static final int HISTORY = 50;

    private SchedulesPage() {
    }

    static String list(ScheduleStore schedules) {
        List<Schedule> all = schedules.list();
        StringBuilder body = new StringBuilder("<h1>Schedules</h1>\n");
        if (all.isEmpty()) {
            body.append("<p class=\"empty\">Nothing is scheduled: <code>capstan schedule add NAME --cron "
                    + "\"0 2 * * *\" -- capstan repro</code> runs a command every night.</p>");
            return Html.page("Schedules", "schedules", body.toString());
        }
        body.append("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Cron "
                + "(UTC)</th><th scope=\"col\">Next run (UTC)</th><th scope=\"col\">Last run (UTC)</th><th scope="
                + "\"col\">Last status</th><th scope=\"col\">Command</th></tr></thead><tbody>\n");
        for (Schedule s : all) {
            List<Schedule.Execution> last = schedules.history(s.name(), 1);
            body.append("<tr><td><a href=\"/schedules/").append(Html.encode(s.name())).append("\">")
                    .append(Html.esc(s.name())).append("</a></td><td><code>").append(Html.esc(s.cron()))
                    .append("</code></td><td>").append(next(s)).append("</td>");
            if (last.isEmpty()) {
                body.append("<td class=\"muted\">never</td><td></td>");
            } else {
                body.append("<td>").append(Html.time(last.get(0).scheduledFor())).append("</td>")
                        .append(status(last.get(0)));
            }
            body.append("<td><code>").append(Html.esc(String.join(" ", s.command()))).append("</code></td></tr>\n");
        }
        return Html.page("Schedules", "schedules", body.append("</tbody></table></div>\n").toString());
    }

    static String schedule(ScheduleStore schedules, String name) {
        Schedule s = schedules.list().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> CapstanException.notFound("No schedule named '%s'", name));
        StringBuilder body = new StringBuilder("<p class=\"muted\"><a href=\"/schedules\">Schedules</a></p><h1>")
                .append(Html.esc(name)).append("</h1>\n<div class=\"table-wrap\"><table><tbody>\n");
        Html.row(body, "Cron (UTC)", s.cron());
        body.append("<tr><th scope=\"row\">Next run (UTC)</th><td>").append(next(s)).append("</td></tr>\n");
        Html.row(body, "Command", String.join(" ", s.command()));
        Html.row(body, "Directory", s.workDir());
        Html.row(body, "Retries", s.retries() + (s.retries() == 0 ? "" : ", " + s.retryDelay().toSeconds()
                + " s apart"));
        Html.row(body, "Missed runs", s.catchup() ? "caught up" : "skipped");
        Html.row(body, "Added (UTC)", Html.time(s.createdAt()));
        body.append("</tbody></table></div>\n<h2>Runs</h2>\n");
        List<Schedule.Execution> history = schedules.history(name, HISTORY);
        if (history.isEmpty()) {
            body.append("<p class=\"empty\">Not run yet.</p>\n");
            return Html.page(name, "schedules", body.toString());
        }
        body.append("<div class=\"table-wrap\"><table><thead><tr><th scope=\"col\">Scheduled for (UTC)</th><th scope="
                + "\"col\">Status</th><th scope=\"col\">Attempts</th><th scope=\"col\">Exit code</th><th scope=\"col\">"
                + "Seconds</th><th scope=\"col\">Log</th></tr></thead><tbody>\n");
        for (Schedule.Execution e : history) {
            body.append("<tr><td>").append(Html.time(e.scheduledFor())).append("</td>").append(status(e))
                    .append("<td class=\"num\">").append(e.attempts()).append("</td><td class=\"num\">")
                    .append(e.exitCode() == null ? "" : e.exitCode()).append("</td><td class=\"num\">")
                    .append(e.endedAt() == null ? "" : Html.number((e.endedAt() - e.startedAt()) / 1000.0))
                    .append("</td><td>");
            if (e.log() != null && !e.log().isBlank()) {
                body.append("<details><summary>log</summary><pre>").append(Html.esc(e.log()))
                        .append("</pre></details>");
            }
            body.append("</td></tr>\n");
        }
        return Html.page(name, "schedules", body.append("</tbody></table></div>\n").toString());
    }

    private static String next(Schedule s) {
        return s.nextAfter(Instant.now()).map(t -> Html.time(t.toEpochMilli())).orElse("never");
    }

    private static String status(Schedule.Execution e) {
        return "<td class=\"status-" + (e.status().equals("SUCCEEDED") ? "FINISHED" : e.status()) + "\">"
                + Html.esc(e.status().toLowerCase()) + "</td>";
    }
}
