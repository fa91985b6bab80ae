package dev.capstan.validate;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.capstan.CapstanException;
import dev.capstan.data.internal.YamlTree;
import dev.capstan.validate.internal.GeExpectations;
import dev.capstan.validate.internal.GeKwargs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Converts a Great Expectations expectation-suite JSON file into a {@link Suite}, so that existing suites carry
 * over. It reads GE 0.x files ({@code expectation_suite_name}; each expectation's {@code expectation_type} and
 * {@code kwargs}) and GE 1.x files ({@code name}; {@code type} with {@code kwargs}, or with the kwargs beside it as
 * GE 1.x expectation models write them).
 * <p>
 * Each expectation that {@link CheckType} lists becomes that check, plus {@code expect_column_values_to_be_in_type_list}
 * ({@code type} when all its types are one Capstan type) and {@code expect_column_value_lengths_to_equal}
 * ({@code length_between} with {@code min = max}). Column checks are grouped under their column, columns in order
 * of first appearance and without schema constraints (the checks carry them); table checks go to the suite's
 * checks. A check is a {@code warning} when the expectation's {@code meta.severity} or (GE 1.x) {@code severity}
 * is {@code warning} or {@code info}, else an {@code error}.
 * <p>
 * Nothing is dropped silently: an expectation Capstan has no check for, or one it cannot convert faithfully (a
 * missing required kwarg, a type name with no Capstan type, a regex Java cannot compile, a suite parameter, a
 * {@code row_condition} or any other kwarg set that the conversion does not read) is left out and listed in
 * {@link Result#skipped} with the reason. Kwargs that do not change what passes are ignored: {@code result_format},
 * {@code catch_exceptions}, {@code include_config}, {@code allow_relative_error}, {@code output_strftime_format},
 * {@code ties_okay} (how ties for the most common value count), {@code ignore_row_if} and {@code condition_parser}
 * (Capstan's rules for missing values apply), as are options set to null or false.
 */
public final class GreatExpectationsImport {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final Set<String> WARNINGS = Set.of("warning", "warn", "info");

    /**
     * A converted suite and the expectations left out.
     *
     * @param suite   the checks that converted
     * @param skipped one line per expectation left out, in file order: {@code expect_xyz (expectation 7): reason},
     *                counting expectations from 1
     */
    public record Result(Suite suite, List<String> skipped) {
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    private final Path file;
    private final Map<String, List<CheckSpec>> columns = new LinkedHashMap<>();
    private final List<CheckSpec> tableChecks = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    private GreatExpectationsImport(Path file) {
        this.file = file;
    }

    /**
     * Reads and converts a suite file.
     *
     * @throws CapstanException {@code RESOURCE_DOES_NOT_EXIST} for a missing file; {@code INVALID_PARAMETER_VALUE}
     *                          for malformed JSON (naming the line and column) or a file that is not a suite
     */
    public static Result convert(Path expectationSuiteJson) {
        return new GreatExpectationsImport(expectationSuiteJson).convert(read(expectationSuiteJson));
    }

    private Result convert(Map<?, ?> root) {
        if (!(root.get("expectations") instanceof List<?> expectations)) {
            throw invalid("a Great Expectations suite has an 'expectations' list");
        }
        for (int i = 0; i < expectations.size(); i++) {
            add(i + 1, expectations.get(i));
        }
        List<ColumnSpec> specs = columns.entrySet().stream()
                .map(e -> ColumnSpec.of(e.getKey(), e.getValue())).toList();
        return new Result(new Suite(suiteName(root), specs, tableChecks, null), skipped);
    }

    private void add(int number, Object item) {
        if (!(item instanceof Map<?, ?> expectation)) {
            throw invalid("expectation " + number + " is not an object");
        }
        String name = expectationType(number, expectation);
        GeExpectations.named(name).ifPresentOrElse(
                conversion -> add(number, name, expectation, conversion),
                () -> skipped.add(name + " (expectation " + number + "): not supported"));
    }

    private void add(int number, String name, Map<?, ?> expectation, GeExpectations.Conversion conversion) {
        try {
            GeKwargs kwargs = GeKwargs.of(expectation);
            boolean columnCheck = conversion.type().scope() == CheckType.Scope.COLUMN;
            String column = columnCheck ? kwargs.text("column") : null;
            Object argument = conversion.argument().apply(kwargs);
            CheckSpec check = new CheckSpec(conversion.type(), argument, kwargs.mostly(), severity(expectation), 0);
            kwargs.requireAllRead();
            if (columnCheck) {
                columns.computeIfAbsent(column, c -> new ArrayList<>()).add(check);
            } else {
                tableChecks.add(check);
            }
        } catch (CapstanException reason) {
            skipped.add(name + " (expectation " + number + "): " + reason.getMessage());
        }
    }

    private String expectationType(int number, Map<?, ?> expectation) {
        Object type = expectation.containsKey("expectation_type") ? expectation.get("expectation_type")
                : expectation.get("type");
        if (!(type instanceof String name)) {
            throw invalid("expectation " + number + " has no 'expectation_type' (GE 0.x) or 'type' (GE 1.x)");
        }
        return name;
    }

    private static Severity severity(Map<?, ?> expectation) {
        Object meta = expectation.get("meta");
        Object severity = meta instanceof Map<?, ?> m && m.get("severity") != null ? m.get("severity")
                : expectation.get("severity");
        boolean warning = severity != null && WARNINGS.contains(String.valueOf(severity).toLowerCase(Locale.ROOT));
        return warning ? Severity.WARNING : Severity.ERROR;
    }

    private String suiteName(Map<?, ?> root) {
        Object name = root.containsKey("expectation_suite_name") ? root.get("expectation_suite_name")
                : root.get("name");
        if (name != null) {
            return String.valueOf(name);
        }
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }

    private static Map<?, ?> read(Path file) {
        Object root;
        try {
            root = JSON.readValue(Files.readAllBytes(file), Object.class);
        } catch (NoSuchFileException e) {
            throw CapstanException.notFound("'%s' does not exist", file);
        } catch (JsonProcessingException e) {
            throw YamlTree.syntaxError(file, "JSON", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw CapstanException.invalid("%s: a Great Expectations suite is a JSON object with 'expectations'",
                    file);
        }
        return map;
    }

    private CapstanException invalid(String message) {
        return CapstanException.invalid("%s: %s", file, message);
    }
}
