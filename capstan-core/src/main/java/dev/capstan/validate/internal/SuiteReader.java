package dev.capstan.validate.internal;

import dev.capstan.CapstanException;
import dev.capstan.data.internal.YamlTree;
import dev.capstan.validate.CheckSpec;
import dev.capstan.validate.CheckType;
import dev.capstan.validate.ColumnSpec;
import dev.capstan.validate.ColumnType;
import dev.capstan.validate.Severity;
import dev.capstan.validate.Suite;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a suite file, refusing anything it does not know with the file and line of the offending key. */
public final class SuiteReader {

    private static final Set<String> SUITE_KEYS = Set.of("suite", "version", "description", "columns", "checks");
    private static final Set<String> COLUMN_KEYS =
            Set.of("type", "nullable", "unique", "coerce", "description", "checks");
    private static final Set<String> CHECK_OPTIONS = Set.of("mostly", "severity");

    private final YamlTree tree;

    private SuiteReader(YamlTree tree) {
        this.tree = tree;
    }

    public static Suite read(Path file) {
        return new SuiteReader(YamlTree.read(file)).suite();
    }

    private Suite suite() {
        if (!(tree.root() instanceof Map<?, ?> root)) {
            throw tree.error(0, "a suite is a mapping with 'columns' and 'checks'");
        }
        unknownKeys(root, SUITE_KEYS, "suite");
        Object version = root.get("version");
        if (version != null && !Integer.valueOf(Suite.FORMAT_VERSION).equals(version)) {
            throw tree.error(tree.line(root, "version"), "suite format version " + version
                    + " is not supported; this Capstan reads version " + Suite.FORMAT_VERSION);
        }
        Object name = root.get("suite");
        String suiteName = name == null ? tree.file().getFileName().toString() : String.valueOf(name);
        return new Suite(suiteName, columns(root), checks(root, "checks", CheckType.Scope.TABLE), tree.file());
    }

    private List<ColumnSpec> columns(Map<?, ?> root) {
        Object columns = root.get("columns");
        if (columns == null) {
            return List.of();
        }
        if (!(columns instanceof Map<?, ?> map)) {
            throw tree.error(tree.line(root, "columns"), "'columns' must map column names to their schema");
        }
        List<ColumnSpec> specs = new ArrayList<>();
        map.forEach((key, value) -> specs.add(column(map, String.valueOf(key), value)));
        return specs;
    }

    private ColumnSpec column(Map<?, ?> parent, String name, Object value) {
        int line = tree.line(parent, name);
        if (value == null) {
            return new ColumnSpec(name, null, true, false, false, List.of(), line);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw tree.error(line, "column '" + name + "' must be a mapping (type, nullable, unique, coerce, checks)");
        }
        unknownKeys(map, COLUMN_KEYS, "column '" + name + "'");
        return new ColumnSpec(name, type(map), flag(map, "nullable", true), flag(map, "unique", false),
                flag(map, "coerce", false), checks(map, "checks", CheckType.Scope.COLUMN), line);
    }

    private ColumnType type(Map<?, ?> column) {
        Object type = column.get("type");
        if (type == null) {
            return null;
        }
        return ColumnType.named(String.valueOf(type)).orElseThrow(() -> tree.error(tree.line(column, "type"),
                "unknown type '" + type + "'; expected one of " + Arrays.stream(ColumnType.values())
                        .map(ColumnType::word).collect(Collectors.joining(", "))));
    }

    private boolean flag(Map<?, ?> map, String key, boolean absent) {
        Object value = map.get(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Boolean b)) {
            throw tree.error(tree.line(map, key), "'" + key + "' must be true or false, found '" + value + "'");
        }
        return b;
    }

    private List<CheckSpec> checks(Map<?, ?> parent, String key, CheckType.Scope scope) {
        Object checks = parent.get(key);
        if (checks == null) {
            return List.of();
        }
        if (!(checks instanceof List<?> list)) {
            throw tree.error(tree.line(parent, key), "'" + key + "' must be a list of checks");
        }
        int listLine = tree.line(parent, key);
        return list.stream().map(item -> check(item, listLine, scope)).toList();
    }

    private CheckSpec check(Object item, int listLine, CheckType.Scope scope) {
        if (item instanceof String bare) {
            return new CheckSpec(type(bare, listLine, scope), null, 1.0, Severity.ERROR, listLine);
        }
        if (!(item instanceof Map<?, ?> map)) {
            throw tree.error(listLine, "a check is a name or a mapping like '- between: {min: 0}', found '"
                    + item + "'");
        }
        List<String> names = map.keySet().stream().map(String::valueOf)
                .filter(k -> !CHECK_OPTIONS.contains(k)).toList();
        int line = tree.line(map, names.isEmpty() ? "" : names.get(0));
        if (names.size() != 1) {
            throw tree.error(line == 0 ? listLine : line, "a check names exactly one check besides 'mostly' and "
                    + "'severity', found " + (names.isEmpty() ? "none" : names));
        }
        CheckType type = type(names.get(0), line, scope);
        Object argument = map.get(names.get(0));
        CheckArguments.requireShape(type, argument, (message) -> tree.error(line, message));
        return new CheckSpec(type, argument, mostly(map), severity(map), line);
    }

    private CheckType type(String name, int line, CheckType.Scope scope) {
        CheckType type = CheckType.named(name).orElseThrow(() -> tree.error(line, "unknown check '" + name
                + "'; the checks are listed in docs/validation.md"));
        if (type.scope() != scope) {
            throw tree.error(line, "'" + name + "' is a " + type.scope().name().toLowerCase(Locale.ROOT)
                    + "-level check; put it under " + (type.scope() == CheckType.Scope.TABLE
                    ? "the suite's 'checks'" : "a column's 'checks'"));
        }
        return type;
    }

    private double mostly(Map<?, ?> check) {
        Object value = check.get("mostly");
        if (value == null) {
            return 1.0;
        }
        if (!(value instanceof Number n) || n.doubleValue() <= 0 || n.doubleValue() > 1) {
            throw tree.error(tree.line(check, "mostly"), "'mostly' must be a fraction in (0, 1], found '" + value + "'");
        }
        return n.doubleValue();
    }

    private Severity severity(Map<?, ?> check) {
        Object value = check.get("severity");
        if (value == null) {
            return Severity.ERROR;
        }
        return Arrays.stream(Severity.values()).filter(s -> s.word().equals(value)).findFirst()
                .orElseThrow(() -> tree.error(tree.line(check, "severity"),
                        "'severity' must be error or warning, found '" + value + "'"));
    }

    private void unknownKeys(Map<?, ?> map, Set<String> known, String where) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw tree.error(tree.line(map, String.valueOf(key)), "unknown key '" + key + "' in " + where
                        + "; expected " + known.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
    }

    /** An error for a suite built in code or read from a file: with the file and line when there are some. */
    public static CapstanException error(Suite suite, int line, String message) {
        String where = suite.file() == null ? "suite '" + suite.name() + "'" : suite.file().toString();
        return CapstanException.invalid("%s%s: %s", where, line == 0 ? "" : ":" + line, message);
    }
}
