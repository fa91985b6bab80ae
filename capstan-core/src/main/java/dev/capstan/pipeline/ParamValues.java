package dev.capstan.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.capstan.CapstanException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The current values of a stage's parameter dependencies, by file and key, as {@code dvc.lock} records them. */
final class ParamValues {

    private static final YAMLMapper YAML = new YAMLMapper();

    private ParamValues() {
    }

    static Map<String, Map<String, Object>> of(Stage stage) {
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        for (Stage.ParamsDependency dep : stage.params()) {
            JsonNode root = read(stage, stage.workDir().resolve(dep.file()));
            Map<String, Object> file = values.computeIfAbsent(dep.file(), f -> new LinkedHashMap<>());
            if (dep.keys().isEmpty()) {
                root.fields().forEachRemaining(f -> file.put(f.getKey(), YAML.convertValue(f.getValue(), Object.class)));
            }
            for (String key : dep.keys()) {
                JsonNode value = root;
                for (String part : key.split("\\.")) {
                    value = value.path(part);
                }
                if (value.isMissingNode()) {
                    throw CapstanException.invalid("stage '%s': parameter '%s' is not in %s", stage.name(), key, dep.file());
                }
                file.put(key, YAML.convertValue(value, Object.class));
            }
        }
        return values;
    }

    private static JsonNode read(Stage stage, Path file) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw CapstanException.invalid("stage '%s': cannot read the params file %s: %s", stage.name(), file,
                    e.getMessage());
        }
    }
}
