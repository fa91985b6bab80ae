package dev.capstan.validate;

import dev.capstan.Json;
import dev.capstan.validate.internal.HtmlReport;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A validation report as JSON (the machine output) and as a self-contained HTML page. */
public final class Reports {

    private Reports() {
    }

    /** The report as a JSON document, indented. */
    public static String json(ValidationReport report) {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toMap(report)) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The report as one HTML page with its styles inline: no script, no network. */
    public static String html(ValidationReport report) {
        return HtmlReport.render(report);
    }

    /**
     * A value for people to read: numbers to six significant digits (a statistic's last digits are noise), lists
     * and mappings with their items so, anything else as it prints.
     */
    public static String display(Object value) {
        if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            return new java.math.BigDecimal(d).round(new java.math.MathContext(6)).stripTrailingZeros()
                    .toPlainString();
        }
        if (value instanceof java.util.Collection<?> items) {
            return items.stream().map(Reports::display).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> e.getKey() + ": " + display(e.getValue()))
                    .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
        }
        return String.valueOf(value);
    }

    /** The report as plain maps and lists, as {@link #json} writes it. */
    public static Map<String, Object> toMap(ValidationReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("suite", report.suite());
        map.put("data", report.data());
        map.put("success", report.success());
        map.put("rows", report.rows());
        map.put("columns", report.columns());
        map.put("statistics", statistics(report));
        map.put("results", report.results().stream().map(Reports::result).toList());
        return map;
    }

    private static Map<String, Object> statistics(ValidationReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<CheckResult> results = report.results();
        map.put("evaluated_checks", results.size());
        map.put("successful_checks", results.stream().filter(CheckResult::success).count());
        map.put("failed_errors", results.stream().filter(CheckResult::failsValidation).count());
        map.put("failed_warnings", results.stream().filter(r -> !r.success() && !r.failsValidation()).count());
        return map;
    }

    private static Map<String, Object> result(CheckResult r) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("check", r.type().word());
        map.put("column", r.column());
        map.put("argument", r.argument());
        map.put("severity", r.severity().word());
        map.put("mostly", r.mostly());
        map.put("success", r.success());
        map.put("element_count", r.elementCount());
        map.put("missing_count", r.missingCount());
        map.put("unexpected_count", r.unexpectedCount());
        map.put("unexpected_percent", r.unexpectedPercent());
        map.put("observed_value", plain(r.observedValue()));
        map.put("examples", r.examples().stream().map(Reports::example).toList());
        map.put("great_expectations", r.type().greatExpectations().isEmpty() ? null : r.type().greatExpectations());
        map.put("line", r.line() == 0 ? null : r.line());
        return map;
    }

    private static Map<String, Object> example(CheckResult.Example example) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("row", example.row());
        map.put("value", plain(example.value()));
        return map;
    }

    /** A value JSON can hold: NaN and infinities as text, dates as ISO text. */
    private static Object plain(Object value) {
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return d.toString();
        }
        if (value instanceof java.time.temporal.Temporal) {
            return value.toString();
        }
        return value;
    }
}
