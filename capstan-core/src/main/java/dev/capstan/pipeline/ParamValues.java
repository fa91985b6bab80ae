package dev.capstan.pipeline;

import dev.capstan.CapstanException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The current values of a stage's parameter dependencies, by file and key, as {@code dvc.lock} records them. */
final class ParamValues {

    private ParamValues() {
    }

    static Map<String, Map<String, Object>> of(Stage stage) {
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        for (Stage.ParamsDependency dep : stage.params()) {
            ParamsFile file = ParamsFile.read(stage.workDir().resolve(dep.file()));
            List<String> missing = dep.keys().stream().filter(k -> !file.contains(k)).toList();
            if (!missing.isEmpty()) {
                throw CapstanException.invalid("stage '%s': parameters %s are missing from '%s'", stage.name(),
                        missing, dep.file());
            }
            values.computeIfAbsent(dep.file(), f -> new LinkedHashMap<>()).putAll(file.select(dep.keys()));
        }
        return values;
    }
}
