package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.data.DvcFile;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.YamlBlocks;
import dev.capstan.data.internal.YamlTree;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code dvc.lock} in DVC 3's layout ({@code schema: '2.0'}, a {@code stages} mapping): read once, updated stage by
 * stage (an existing stage keeps its place, a new one goes last, as DVC does) and rewritten atomically after each,
 * so a killed run leaves the entries of the stages that finished. Thread-safe.
 */
public final class LockFile {

    public static final String NAME = "dvc.lock";

    private final Path file;
    private final Map<String, LockedStage> stages;

    private LockFile(Path file, Map<String, LockedStage> stages) {
        this.file = file;
        this.stages = stages;
    }

    /** The lock file beside {@code dvcYaml}; empty when there is none yet. */
    public static LockFile beside(Path dvcYaml) {
        return at(dvcYaml.toAbsolutePath().resolveSibling(NAME));
    }

    /** The lock file {@code file}; empty when there is none yet. */
    public static LockFile at(Path file) {
        Map<String, LockedStage> stages = new LinkedHashMap<>();
        if (Files.exists(file)) {
            Object root = YamlTree.read(file).root();
            if (root instanceof Map<?, ?> map && map.get("stages") instanceof Map<?, ?> entries) {
                entries.forEach((name, entry) -> stages.put(String.valueOf(name), stage(file, String.valueOf(name), entry)));
            } else if (root != null) {
                throw CapstanException.invalid("%s: expected a mapping with 'schema' and 'stages'", file);
            }
        }
        return new LockFile(file, stages);
    }

    public Path file() {
        return file;
    }

    public synchronized Optional<LockedStage> stage(String name) {
        return Optional.ofNullable(stages.get(name));
    }

    /** Records a stage's new entry and rewrites the file. */
    public synchronized void put(String name, LockedStage stage) {
        stages.put(name, stage);
        AtomicFiles.write(file, text().getBytes(StandardCharsets.UTF_8));
    }

    /** The file's text, as DVC writes it. */
    public synchronized String text() {
        Map<String, Object> entries = new LinkedHashMap<>();
        stages.forEach((name, stage) -> entries.put(name, stage.toYaml()));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", "2.0");
        root.put("stages", entries);
        return YamlBlocks.document(root);
    }

    /** A stage entry stored alone in {@code file}, as the run-cache keeps them; null when it cannot be read. */
    static LockedStage parseStage(Path file, String name) {
        try {
            return stage(file, name, YamlTree.read(file).root());
        } catch (CapstanException | UncheckedIOException e) {
            return null;
        }
    }

    private static LockedStage stage(Path file, String name, Object entry) {
        if (!(entry instanceof Map<?, ?> node)) {
            throw CapstanException.invalid("%s: stage '%s' is not a mapping", file, name);
        }
        Object cmd = node.get("cmd");
        List<String> commands = new ArrayList<>();
        if (cmd instanceof List<?> list) {
            list.forEach(c -> commands.add(String.valueOf(c)));
        } else if (cmd != null && !(cmd instanceof Map<?, ?>)) {
            commands.add(String.valueOf(cmd));
        } else {
            throw CapstanException.invalid("%s: stage '%s' has no cmd", file, name);
        }
        Map<String, Map<String, Object>> params = new LinkedHashMap<>();
        if (node.get("params") instanceof Map<?, ?> files) {
            files.forEach((f, values) -> params.put(String.valueOf(f), values instanceof Map<?, ?> m ? strings(m)
                    : new LinkedHashMap<>()));
        }
        return new LockedStage(commands, items(file, name, node.get("deps")), params, items(file, name,
                node.get("outs")), cmd instanceof List);
    }

    private static List<DvcFile.Output> items(Path file, String stage, Object list) {
        List<DvcFile.Output> items = new ArrayList<>();
        for (Object element : list instanceof List<?> l ? l : List.of()) {
            if (!(element instanceof Map<?, ?> item) || !(item.get("path") instanceof String path)) {
                throw CapstanException.invalid("%s: stage '%s' has an entry without a path: %s", file, stage, element);
            }
            items.add(new DvcFile.Output(item.get("md5") == null ? null : String.valueOf(item.get("md5")),
                    item.get("size") instanceof Number n ? n.longValue() : null,
                    item.get("nfiles") instanceof Number n ? n.intValue() : null, Boolean.TRUE.equals(item.get("isexec")),
                    path));
        }
        return items;
    }

    private static Map<String, Object> strings(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
