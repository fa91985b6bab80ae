package dev.capstan.validate;

import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.YamlBlocks;
import dev.capstan.validate.internal.SuiteReader;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validation suite: the columns a table must have, each with its schema and checks, and checks of the whole table.
 * Written in YAML (or JSON, which YAML reads too):
 * <pre>
 * suite: churn
 * version: 1
 * columns:
 *   age:
 *     type: integer
 *     nullable: false
 *     checks:
 *       - between: {min: 18, max: 100}
 *         mostly: 0.99
 * checks:
 *   - row_count_between: {min: 1000}
 * </pre>
 *
 * @param name    the suite's name
 * @param columns the columns, in suite order
 * @param checks  table-level checks
 * @param file    the file it was read from, for messages; null when built in code
 */
public record Suite(String name, List<ColumnSpec> columns, List<CheckSpec> checks, Path file) {

    /** The version of the suite format that this code writes and reads. */
    public static final int FORMAT_VERSION = 1;

    public Suite {
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
    }

    /**
     * Reads a suite file.
     *
     * @throws dev.capstan.CapstanException naming the file and line of a syntax error, an unknown key or check, or
     *                                      an argument of the wrong shape
     */
    public static Suite read(Path file) {
        return SuiteReader.read(file);
    }

    /** Writes the suite as YAML, atomically. */
    public void write(Path target) {
        AtomicFiles.write(target, toYaml().getBytes(StandardCharsets.UTF_8));
    }

    /** The suite as a YAML document that {@link #read} reads back to an equal suite (lines aside). */
    public String toYaml() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("suite", name);
        root.put("version", FORMAT_VERSION);
        Map<String, Object> columnMap = new LinkedHashMap<>();
        columns.forEach(c -> columnMap.put(c.name(), column(c)));
        root.put("columns", columnMap);
        if (!checks.isEmpty()) {
            root.put("checks", checks.stream().map(Suite::check).toList());
        }
        return YamlBlocks.documentWithFlowLeaves(root);
    }

    private static Map<String, Object> column(ColumnSpec column) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (column.type() != null) {
            map.put("type", column.type().word());
        }
        map.put("nullable", column.nullable());
        if (column.unique()) {
            map.put("unique", true);
        }
        if (column.coerce()) {
            map.put("coerce", true);
        }
        if (!column.checks().isEmpty()) {
            map.put("checks", column.checks().stream().map(Suite::check).toList());
        }
        return map;
    }

    private static Object check(CheckSpec check) {
        boolean bare = check.argument() == null && check.mostly() == 1.0 && check.severity() == Severity.ERROR;
        if (bare) {
            return check.type().word();
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(check.type().word(), check.argument());
        if (check.mostly() != 1.0) {
            map.put("mostly", check.mostly());
        }
        if (check.severity() != Severity.ERROR) {
            map.put("severity", check.severity().word());
        }
        return map;
    }
}
