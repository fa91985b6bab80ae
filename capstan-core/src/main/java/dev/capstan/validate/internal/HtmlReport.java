package dev.capstan.validate.internal;

import dev.capstan.validate.CheckResult;
import dev.capstan.validate.Reports;
import dev.capstan.validate.ValidationReport;

import java.util.Comparator;
import java.util.List;

/** A validation report as one self-contained HTML page: a summary, then every check, failures first. */
public final class HtmlReport {

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2433}
            h1{font-size:1.4rem;margin:0 0 .3rem}.meta{color:#555;margin-bottom:1rem}
            .badge{display:inline-block;padding:.15rem .6rem;border-radius:1rem;color:#fff;font-weight:600}
            .pass{background:#1a7f37}.fail{background:#cf222e}.warn{background:#9a6700}
            table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;
            text-align:left;vertical-align:top}th{background:#f6f8fa;position:sticky;top:0}
            td.num{text-align:right;font-variant-numeric:tabular-nums}code{font-size:12px;word-break:break-all}
            details summary{cursor:pointer;color:#0969da}
            """;

    private static final int INLINE_EXAMPLES = 3;

    private HtmlReport() {
    }

    public static String render(ValidationReport report) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>Validation of ").append(escape(report.data())).append("</title><style>")
                .append(STYLE).append("</style></head><body>\n");
        summary(html, report);
        html.append("<table><thead><tr><th>status</th><th>column</th><th>check</th><th>argument</th>")
                .append("<th>rows</th><th>missing</th><th>unexpected</th><th>%</th><th>observed</th>")
                .append("<th>examples (row: value)</th></tr></thead><tbody>\n");
        report.results().stream().sorted(Comparator.comparing(CheckResult::success)).forEach(r -> row(html, r));
        return html.append("</tbody></table></body></html>\n").toString();
    }

    private static void summary(StringBuilder html, ValidationReport report) {
        long errors = report.results().stream().filter(CheckResult::failsValidation).count();
        long warnings = report.results().stream().filter(r -> !r.success() && !r.failsValidation()).count();
        html.append("<h1>").append(escape(report.data())).append(" against suite ")
                .append(escape(report.suite())).append("</h1>\n<p class=\"meta\">")
                .append(badge(report.success() ? "pass" : "fail", report.success() ? "passed" : "failed"))
                .append(' ').append(report.rows()).append(" rows, ").append(report.columns().size())
                .append(" columns, ").append(report.results().size()).append(" checks: ").append(errors)
                .append(" failed errors, ").append(warnings).append(" failed warnings</p>\n");
    }

    private static void row(StringBuilder html, CheckResult r) {
        String status = r.success() ? badge("pass", "pass") : r.failsValidation() ? badge("fail", "error")
                : badge("warn", "warning");
        html.append("<tr><td>").append(status).append("</td><td>").append(escape(String.valueOf(
                        r.column() == null ? "(table)" : r.column())))
                .append("</td><td>").append(escape(r.type().word())).append("</td><td><code>")
                .append(escape(r.argument() == null ? "" : Reports.display(r.argument()))).append("</code></td>")
                .append(num(r.elementCount())).append(num(r.missingCount())).append(num(r.unexpectedCount()))
                .append(num(String.format("%.2f", r.unexpectedPercent()))).append("<td><code>")
                .append(escape(Reports.display(r.observedValue()))).append("</code></td><td>")
                .append(examples(r)).append("</td></tr>\n");
    }

    /** The first few examples in the cell; the others, up to twenty, behind a disclosure. */
    private static String examples(CheckResult r) {
        List<String> all = r.examples().stream()
                .map(e -> e.row() + ": " + escape(Reports.display(e.value()))).toList();
        String first = "<code>" + String.join("<br>", all.subList(0, Math.min(INLINE_EXAMPLES, all.size())))
                + "</code>";
        if (all.size() <= INLINE_EXAMPLES) {
            return first;
        }
        return first + "<details><summary>" + (all.size() - INLINE_EXAMPLES) + " more</summary><code>"
                + String.join("<br>", all.subList(INLINE_EXAMPLES, all.size())) + "</code></details>";
    }

    private static String num(Object value) {
        return "<td class=\"num\">" + value + "</td>";
    }

    private static String badge(String kind, String text) {
        return "<span class=\"badge " + kind + "\">" + text + "</span>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
