package dev.capstan.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.capstan.CapstanException;
import dev.capstan.data.DvcFile;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.YamlBlocks;

import java.io.IOException;
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
    private static final YAMLMapper YAML = new YAMLMapper();

    private final Path file;
    private final Map<String, LockedStage> stages;

    private LockFile(Path file, Map<String, LockedStage> stages) {
        this.file = file;
        this.stages = stages;
    }

    /** The lock file beside {@code dvcYaml}; empty when there is none yet. */
    public static LockFile beside(Path dvcYaml) {
        Path file = dvcYaml.toAbsolutePath().resolveSibling(NAME);
        if (!Files.exists(file)) {
            return new LockFile(file, new LinkedHashMap<>());
        }
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw CapstanException.invalid("%s: YAML syntax error at line %d: %s", file, line, e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Map<String, LockedStage> stages = new LinkedHashMap<>();
        if (root != null && root.path("stages").isObject()) {
            root.get("stages").fields().forEachRemaining(e -> stages.put(e.getKey(), stage(file, e.getKey(), e.getValue())));
        } else if (root != null && !root.isMissingNode() && !root.isNull()) {
            throw CapstanException.invalid("%s: expected a mapping with 'schema' and 'stages'", file);
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
            return stage(file, name, YAML.readTree(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException | CapstanException e) {
            return null;
        }
    }

    private static LockedStage stage(Path file, String name, JsonNode node) {
        JsonNode cmd = node.path("cmd");
        List<String> commands = new ArrayList<>();
        if (cmd.isArray()) {
            cmd.forEach(c -> commands.add(c.asText()));
        } else if (cmd.isValueNode()) {
            commands.add(cmd.asText());
        } else {
            throw CapstanException.invalid("%s: stage '%s' has no cmd", file, name);
        }
        Map<String, Map<String, Object>> params = new LinkedHashMap<>();
        node.path("params").fields().forEachRemaining(f -> params.put(f.getKey(), values(f.getValue())));
        return new LockedStage(commands, items(file, name, node.path("deps")), params, items(file, name, node.path("outs")));
    }

    private static List<DvcFile.Output> items(Path file, String stage, JsonNode list) {
        List<DvcFile.Output> items = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.path("path").isTextual()) {
                throw CapstanException.invalid("%s: stage '%s' has an entry without a path: %s", file, stage, item);
            }
            items.add(new DvcFile.Output(item.path("md5").asText(null), item.has("size") ? item.get("size").asLong() : null,
                    item.has("nfiles") ? item.get("nfiles").asInt() : null, item.path("isexec").asBoolean(false),
                    item.get("path").asText()));
        }
        return items;
    }

    private static Map<String, Object> values(JsonNode params) {
        Map<String, Object> values = new LinkedHashMap<>();
        params.fields().forEachRemaining(f -> values.put(f.getKey(), YAML.convertValue(f.getValue(), Object.class)));
        return values;
    }
}
