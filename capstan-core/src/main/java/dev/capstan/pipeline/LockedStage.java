package dev.capstan.pipeline;

import dev.capstan.data.DvcFile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stage last ran with and produced, as {@code dvc.lock} records it: the command, each dependency's and
 * output's hash (sorted by path, as DVC sorts them) and the values of its parameters by file and key.
 *
 * @param cmd    the commands
 * @param deps   dependencies: path as written, md5, size, nfiles
 * @param params parameter values by params file, then by key
 * @param outs   outputs, metrics and plots
 * @param cmdIsList whether {@code cmd} is written as a list (as the stage's is in {@code dvc.yaml})
 */
public record LockedStage(List<String> cmd, List<DvcFile.Output> deps, Map<String, Map<String, Object>> params,
                          List<DvcFile.Output> outs, boolean cmdIsList) {

    public LockedStage {
        cmd = List.copyOf(cmd);
        deps = sortedByPath(deps);
        params = copyOf(params);
        outs = sortedByPath(outs);
    }

    /** The entry in DVC's key order: {@code cmd}, {@code deps}, {@code params}, {@code outs}. */
    Map<String, Object> toYaml() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("cmd", cmdIsList ? cmd : cmd.get(0));
        if (!deps.isEmpty()) {
            entry.put("deps", deps.stream().map(LockedStage::item).toList());
        }
        if (!params.isEmpty()) {
            entry.put("params", params);
        }
        if (!outs.isEmpty()) {
            entry.put("outs", outs.stream().map(LockedStage::item).toList());
        }
        return entry;
    }

    /** One dependency or output: {@code path}, {@code hash: md5}, {@code md5}, {@code size}, {@code nfiles}. */
    private static Map<String, Object> item(DvcFile.Output out) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("path", out.path());
        item.put("hash", "md5");
        item.put("md5", out.md5());
        item.put("size", out.size());
        if (out.nfiles() != null) {
            item.put("nfiles", out.nfiles());
        }
        if (out.isexec()) {
            item.put("isexec", true);
        }
        return item;
    }

    private static List<DvcFile.Output> sortedByPath(List<DvcFile.Output> items) {
        List<DvcFile.Output> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> a.path().compareTo(b.path()));
        return List.copyOf(sorted);
    }

    /** params.yaml first, then the other files by name; keys sorted within each file, as DVC writes them. */
    private static Map<String, Map<String, Object>> copyOf(Map<String, Map<String, Object>> params) {
        Map<String, Map<String, Object>> sorted = new LinkedHashMap<>();
        params.keySet().stream()
                .sorted((a, b) -> a.equals(Stage.ParamsDependency.DEFAULT_FILE) ? -1 : b.equals(Stage.ParamsDependency.DEFAULT_FILE)
                        ? 1 : a.compareTo(b))
                .forEach(file -> {
                    Map<String, Object> values = new LinkedHashMap<>();
                    params.get(file).keySet().stream().sorted().forEach(k -> values.put(k, params.get(file).get(k)));
                    sorted.put(file, values);
                });
        return sorted;
    }
}
