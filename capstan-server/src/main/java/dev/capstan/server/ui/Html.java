package dev.capstan.server.ui;

import dev.capstan.tracking.Run;

import java.math.BigDecimal;
import java.math.MathContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the pages are written with: escaping of every value that comes from data, links whose query strings carry a
 * page's state (so that a URL can be shared), and the common layout with its navigation.
 */
final class Html {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private Html() {
    }

    /** Text as HTML: {@code & < > " '} escaped, so that no value from a run can become markup. */
    static String esc(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code path} with the non-empty parameters as its query string, escaped for an attribute. */
    static String href(String path, Map<String, String> params) {
        StringBuilder url = new StringBuilder(path);
        char separator = '?';
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (p.getValue() != null && !p.getValue().isEmpty()) {
                url.append(separator).append(encode(p.getKey())).append('=').append(encode(p.getValue()));
                separator = '&';
            }
        }
        return esc(url);
    }

    /** Query parameters in the order given: {@code params("model", m, "version", v)}. */
    static Map<String, String> params(String... keysAndValues) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            params.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return params;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** What a run is called on the pages: its name, or its id when it has none. */
    static String runName(Run run) {
        String name = run.info().runName();
        return name == null || name.isBlank() ? run.info().runId() : name;
    }

    /** A time in milliseconds as UTC, or empty. */
    static String time(Long millis) {
        return millis == null ? "" : TIME.format(Instant.ofEpochMilli(millis));
    }

    /** A number short enough for a table cell. */
    static String number(Double value) {
        if (value == null) {
            return "";
        }
        if (value.isNaN() || value.isInfinite()) {
            return value.toString();
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf(value.longValue())
                : new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toString();
    }

    /** A row of a two-column table: the key as its header, the value escaped. */
    static void row(StringBuilder table, String key, Object value) {
        table.append("<tr><th scope=\"row\">").append(esc(key)).append("</th><td>").append(esc(value))
                .append("</td></tr>\n");
    }

    /** The page: title, navigation with the current section marked, and the body. */
    static String page(String title, String section, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Capstan</title>
                <link rel="stylesheet" href="/static/capstan.css">
                </head>
                <body>
                <a class="skip" href="#main">Skip to content</a>
                <header><nav aria-label="Sections"><a class="brand" href="/">Capstan</a>%s</nav></header>
                <main id="main">
                %s
                </main>
                </body>
                </html>
                """.formatted(esc(title), nav(section), body);
    }

    private static String nav(String section) {
        StringBuilder nav = new StringBuilder();
        for (String[] item : new String[][] {{"experiments", "/", "Experiments"}, {"models", "/models", "Models"},
            {"deployments", "/deployments", "Deployments"}, {"monitoring", "/monitoring", "Monitoring"},
            {"pipelines", "/pipelines", "Pipelines"}, {"schedules", "/schedules", "Schedules"}}) {
            nav.append("<a href=\"").append(item[1]).append('"')
                    .append(item[0].equals(section) ? " aria-current=\"page\"" : "").append('>').append(item[2])
                    .append("</a>");
        }
        return nav.toString();
    }
}
