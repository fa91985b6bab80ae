package dev.capstan.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.capstan.CapstanException;
import dev.capstan.pipeline.Durations;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How served models are monitored ({@code monitoring.yaml}): the window of the prediction log each evaluation looks
 * at (the last {@code windowRows} rows, within {@code windowDuration} when set), the fewest rows worth testing, the
 * evaluation interval, the drift tests, and the alert rules and sinks.
 *
 * @param windowDuration how far back a window reaches, or null for no limit
 * @param cooldown       how long a firing alert stays quiet before it is sent again
 * @param webhooks       where alerts are posted
 * @param logAlerts      whether alerts are also written to the server's log
 */
public record MonitorConfig(int windowRows, Duration windowDuration, int minRows, Duration interval,
                            WindowDrift.Settings drift, List<AlertRule> rules, Duration cooldown,
                            List<Webhook> webhooks, boolean logAlerts) {

    /**
     * A webhook that receives alerts.
     *
     * @param format {@code json} (the alert as it is) or {@code slack} (a Slack incoming-webhook message)
     */
    public record Webhook(String url, String format) {
    }

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> FIELDS = Set.of("window", "min_rows", "interval", "drift", "alerts");

    public MonitorConfig {
        rules = List.copyOf(rules);
        webhooks = List.copyOf(webhooks);
    }

    /** Windows of the last 1,000 rows, at least 100 rows, evaluated every minute, Evidently's tests, every rule. */
    public static MonitorConfig defaults() {
        return new MonitorConfig(1000, null, 100, Duration.ofMinutes(1), WindowDrift.Settings.DEFAULTS,
                AlertRule.defaults(), Duration.ofHours(1), List.of(), true);
    }

    public MonitorConfig withWebhooks(List<Webhook> hooks) {
        return new MonitorConfig(windowRows, windowDuration, minRows, interval, drift, rules, cooldown, hooks,
                logAlerts);
    }

    public MonitorConfig withInterval(Duration every) {
        return new MonitorConfig(windowRows, windowDuration, minRows, every, drift, rules, cooldown, webhooks,
                logAlerts);
    }

    /** Reads a monitoring file; the defaults when {@code file} is null. Errors name the file and field. */
    public static MonitorConfig read(Path file) {
        if (file == null) {
            return defaults();
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw CapstanException.invalid("The monitoring file %s does not exist", file);
        } catch (IOException e) {
            throw CapstanException.invalid("Cannot read the monitoring file %s: %s", file, e.getMessage());
        }
    }

    /** Reads a monitoring file's text; {@code source} names it in errors. */
    public static MonitorConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (IOException e) {
            throw CapstanException.invalid("%s is not valid YAML: %s", source, e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        MonitorConfig d = defaults();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return d;
        }
        Fields top = new Fields(root, source, "", FIELDS);
        Fields window = top.object("window", Set.of("rows", "duration"));
        Fields drift = top.object("drift", Set.of("share", "columns"));
        Fields alerts = top.object("alerts", Set.of("cooldown", "rules", "webhooks", "log"));
        int rows = window.positiveInt("rows", d.windowRows());
        int minRows = top.positiveInt("min_rows", d.minRows());
        if (minRows > rows) {
            throw CapstanException.invalid("%s: min_rows (%d) must not exceed window.rows (%d)", source, minRows, rows);
        }
        return new MonitorConfig(rows, window.duration("duration", null), minRows,
                top.duration("interval", d.interval()),
                new WindowDrift.Settings(drift.fraction("share", d.drift().share()), columns(drift)),
                alerts.node.has("rules") ? rules(alerts) : d.rules(), alerts.duration("cooldown", d.cooldown()),
                webhooks(alerts), alerts.bool("log", true));
    }

    private static Map<String, WindowDrift.ColumnSetting> columns(Fields drift) {
        Map<String, WindowDrift.ColumnSetting> settings = new LinkedHashMap<>();
        JsonNode columns = drift.node.get("columns");
        if (columns == null || columns.isNull()) {
            return settings;
        }
        if (!columns.isObject()) {
            throw drift.error("columns", "a mapping of column name to {method, threshold}", columns);
        }
        columns.fields().forEachRemaining(e -> {
            Fields column = new Fields(e.getValue(), drift.source, drift.prefix + "columns." + e.getKey() + ".",
                    Set.of("method", "threshold"));
            String method = column.text("method");
            DriftMethod chosen = method == null ? null : DriftMethod.fromWireName(method).orElseThrow(() ->
                    column.error("method", "one of ks, wasserstein, chisquare, jensenshannon, z, psi", method));
            JsonNode threshold = column.node.get("threshold");
            if (threshold != null && !threshold.isNumber()) {
                throw column.error("threshold", "a number", threshold);
            }
            settings.put(e.getKey(), new WindowDrift.ColumnSetting(chosen, threshold == null ? null
                    : threshold.asDouble()));
        });
        return settings;
    }

    private static List<AlertRule> rules(Fields alerts) {
        JsonNode list = alerts.node.get("rules");
        if (!list.isArray()) {
            throw alerts.error("rules", "a list of {kind, threshold, severity, ...}", list);
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Fields rule = new Fields(list.get(i), alerts.source, alerts.prefix + "rules[" + i + "].",
                    Set.of("name", "kind", "threshold", "severity", "column"));
            String kindName = rule.text("kind");
            AlertRule.Kind kind = kindName == null ? null : AlertRule.Kind.fromWireName(kindName).orElse(null);
            if (kind == null) {
                throw rule.error("kind", "one of dataset_drift, feature_drift, accuracy_drop, latency_p99, "
                        + "error_rate, prediction_shift", kindName);
            }
            String severityName = rule.text("severity");
            AlertRule.Severity severity = severityName == null ? kind.defaultSeverity()
                    : switch (severityName) {
                        case "warning" -> AlertRule.Severity.WARNING;
                        case "critical" -> AlertRule.Severity.CRITICAL;
                        default -> throw rule.error("severity", "warning or critical", severityName);
                    };
            String name = rule.text("name") != null ? rule.text("name")
                    : kind.wireName() + (rule.text("column") != null ? "_" + rule.text("column") : "");
            if (!names.add(name)) {
                throw rule.error("name", "a name no other rule has", name);
            }
            rules.add(new AlertRule(name, kind, rule.nonNegative("threshold", kind.defaultThreshold()), severity,
                    rule.text("column")));
        }
        return rules;
    }

    private static List<Webhook> webhooks(Fields alerts) {
        JsonNode list = alerts.node.get("webhooks");
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw alerts.error("webhooks", "a list of {url, format}", list);
        }
        List<Webhook> hooks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Fields hook = new Fields(list.get(i), alerts.source, alerts.prefix + "webhooks[" + i + "].",
                    Set.of("url", "format"));
            String url = hook.text("url");
            if (url == null || !url.matches("https?://.+")) {
                throw hook.error("url", "an http:// or https:// URL", url);
            }
            String format = hook.text("format") == null ? "json" : hook.text("format");
            if (!format.equals("json") && !format.equals("slack")) {
                throw hook.error("format", "json or slack", format);
            }
            hooks.add(new Webhook(url, format));
        }
        return hooks;
    }

    /** A mapping's fields, read with errors naming the file and the field's path. */
    private record Fields(JsonNode node, String source, String prefix) {

        Fields(JsonNode node, String source, String prefix, Set<String> known) {
            this(node, source, prefix);
            if (!node.isObject()) {
                throw CapstanException.invalid("%s: %s: expected a mapping, found %s", source,
                        prefix.isEmpty() ? "the file" : prefix.substring(0, prefix.length() - 1), node);
            }
            List<String> extra = new ArrayList<>();
            node.fieldNames().forEachRemaining(f -> {
                if (!known.contains(f)) {
                    extra.add(prefix + f);
                }
            });
            if (!extra.isEmpty()) {
                throw CapstanException.invalid("%s: unknown field(s) %s; expected %s", source, extra,
                        known.stream().map(k -> prefix + k).sorted().toList());
            }
        }

        Fields object(String field, Set<String> known) {
            JsonNode v = node.get(field);
            return new Fields(v == null || v.isNull() ? YAML.createObjectNode() : v, source, prefix + field + ".",
                    known);
        }

        CapstanException error(String field, String expected, Object found) {
            return CapstanException.invalid("%s: %s%s: expected %s, found %s", source, prefix, field, expected, found);
        }

        String text(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                throw error(field, "a non-empty string", v);
            }
            return v.asText();
        }

        int positiveInt(String field, int fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isIntegralNumber() || v.asLong() < 1 || v.asLong() > Integer.MAX_VALUE) {
                throw error(field, "a positive integer", v);
            }
            return v.asInt();
        }

        double nonNegative(String field, double fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isNumber() || v.asDouble() < 0) {
                throw error(field, "a non-negative number", v);
            }
            return v.asDouble();
        }

        double fraction(String field, double fallback) {
            double v = nonNegative(field, fallback);
            if (v > 1) {
                throw error(field, "a share from 0 to 1", v);
            }
            return v;
        }

        boolean bool(String field, boolean fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw error(field, "true or false", v);
            }
            return v.asBoolean();
        }

        Duration duration(String field, Duration fallback) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return fallback;
            }
            return Durations.parse(v.asText()).filter(d -> !d.isZero() && !d.isNegative())
                    .orElseThrow(() -> error(field, "a duration such as 30s, 5m or 1h", v));
        }
    }
}
