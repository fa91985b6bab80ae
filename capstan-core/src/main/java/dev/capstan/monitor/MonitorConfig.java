package dev.capstan.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.CapstanException;
import dev.capstan.YamlFields;

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
        MonitorConfig d = defaults();
        YamlFields top = YamlFields.parse(text, source, FIELDS);
        YamlFields window = top.object("window", Set.of("rows", "duration"));
        YamlFields drift = top.object("drift", Set.of("share", "columns"));
        YamlFields alerts = top.object("alerts", Set.of("cooldown", "rules", "webhooks", "log"));
        int rows = window.positiveInt("rows", d.windowRows());
        int minRows = top.positiveInt("min_rows", d.minRows());
        if (minRows > rows) {
            throw CapstanException.invalid("%s: min_rows (%d) must not exceed window.rows (%d)", source, minRows, rows);
        }
        return new MonitorConfig(rows, window.duration("duration", null), minRows,
                top.duration("interval", d.interval()),
                new WindowDrift.Settings(drift.fraction("share", d.drift().share()), columns(drift)),
                alerts.node().has("rules") ? rules(alerts) : d.rules(), alerts.duration("cooldown", d.cooldown()),
                webhooks(alerts), alerts.bool("log", true));
    }

    private static Map<String, WindowDrift.ColumnSetting> columns(YamlFields drift) {
        Map<String, WindowDrift.ColumnSetting> settings = new LinkedHashMap<>();
        JsonNode columns = drift.node().get("columns");
        if (columns == null || columns.isNull()) {
            return settings;
        }
        if (!columns.isObject()) {
            throw drift.error("columns", "a mapping of column name to {method, threshold}", columns);
        }
        columns.fields().forEachRemaining(e -> {
            YamlFields column = YamlFields.of(e.getValue(), drift.source(),
                    drift.prefix() + "columns." + e.getKey() + ".", Set.of("method", "threshold"));
            String method = column.text("method");
            DriftMethod chosen = method == null ? null : DriftMethod.fromWireName(method).orElseThrow(() ->
                    column.error("method", "one of ks, wasserstein, chisquare, jensenshannon, z, psi", method));
            JsonNode threshold = column.node().get("threshold");
            if (threshold != null && !threshold.isNumber()) {
                throw column.error("threshold", "a number", threshold);
            }
            settings.put(e.getKey(), new WindowDrift.ColumnSetting(chosen, threshold == null ? null
                    : threshold.asDouble()));
        });
        return settings;
    }

    private static List<AlertRule> rules(YamlFields alerts) {
        JsonNode list = alerts.node().get("rules");
        if (!list.isArray()) {
            throw alerts.error("rules", "a list of {kind, threshold, severity, ...}", list);
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            YamlFields rule = YamlFields.of(list.get(i), alerts.source(), alerts.prefix() + "rules[" + i + "].",
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

    private static List<Webhook> webhooks(YamlFields alerts) {
        JsonNode list = alerts.node().get("webhooks");
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw alerts.error("webhooks", "a list of {url, format}", list);
        }
        List<Webhook> hooks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            YamlFields hook = YamlFields.of(list.get(i), alerts.source(), alerts.prefix() + "webhooks[" + i + "].",
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
}
