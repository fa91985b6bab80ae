package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.GitRevisions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters and metrics of a pipeline, in the workspace or at a git revision, as {@code dvc params diff} and
 * {@code dvc metrics show|diff} read them: by file (relative to the repository root), then by dotted key. Params are
 * those the stages depend on; metrics are the stages' {@code metrics} outputs that are JSON, YAML or TOML.
 */
public final class PipelineValues {

    /** One value that differs, or with {@code all} any value. {@code before} or {@code after} is null when absent. */
    public record Change(String file, String key, Object before, Object after) {
    }

    private PipelineValues() {
    }

    /** The files the stages read parameters from. */
    public static Set<String> paramsFiles(List<Stage> stages, Path root) {
        Set<String> files = new LinkedHashSet<>();
        stages.forEach(s -> s.params().forEach(p -> files.add(relative(root, s.workDir().resolve(p.file())))));
        return files;
    }

    /** The stages' metrics files. */
    public static Set<String> metricsFiles(List<Stage> stages, Path root) {
        Set<String> files = new LinkedHashSet<>();
        stages.forEach(s -> s.outs().stream().filter(o -> o.kind() == Stage.Output.Kind.METRICS)
                .forEach(o -> files.add(relative(root, s.workDir().resolve(o.path())))));
        return files;
    }

    /** The files' values in the workspace; a missing or unreadable file is left out. */
    public static Map<String, Map<String, Object>> workspace(Path root, Set<String> files) {
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        for (String file : files) {
            Path path = root.resolve(file);
            if (Files.isRegularFile(path)) {
                read(path).ifPresent(v -> values.put(file, v));
            }
        }
        return values;
    }

    /** The files' values as committed at {@code rev}. */
    public static Map<String, Map<String, Object>> atRevision(Path root, String rev, Set<String> files, Path tmpDir) {
        String commit = GitRevisions.resolve(root, rev);
        if (commit == null) {
            throw CapstanException.notFound("git does not know the revision '%s'", rev);
        }
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        GitRevisions.read(root, commit, files::contains).forEach((file, bytes) -> {
            Path copy = tmpDir.resolve("rev-" + commit.substring(0, 12) + "-" + Path.of(file).getFileName());
            try {
                Files.createDirectories(tmpDir);
                AtomicFiles.write(copy, bytes);
                read(copy).ifPresent(v -> values.put(file, v));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + copy, e);
            } finally {
                AtomicFiles.deleteQuietly(copy);
            }
        });
        return values;
    }

    /** What changed from {@code before} to {@code after}, file by file and key by key; every value with {@code all}. */
    public static List<Change> diff(Map<String, Map<String, Object>> before, Map<String, Map<String, Object>> after,
                                    boolean all) {
        Set<String> files = new LinkedHashSet<>(before.keySet());
        files.addAll(after.keySet());
        List<Change> changes = new ArrayList<>();
        for (String file : files) {
            Map<String, Object> old = before.getOrDefault(file, Map.of());
            Map<String, Object> now = after.getOrDefault(file, Map.of());
            Set<String> keys = new LinkedHashSet<>(old.keySet());
            keys.addAll(now.keySet());
            for (String key : keys) {
                if (all || !StageState.same(old.get(key), now.get(key)) || old.containsKey(key) != now.containsKey(key)) {
                    changes.add(new Change(file, key, old.get(key), now.get(key)));
                }
            }
        }
        return changes;
    }

    private static Optional<Map<String, Object>> read(Path file) {
        try {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", ParamsFile.read(file).values(), flat);
            return Optional.of(flat);
        } catch (CapstanException e) {
            return Optional.empty();
        }
    }

    private static void flatten(String prefix, Object value, Map<String, Object> into) {
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
        } else if (!prefix.isEmpty()) {
            into.put(prefix, value);
        }
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file.normalize()).toString().replace('\\', '/');
    }
}
