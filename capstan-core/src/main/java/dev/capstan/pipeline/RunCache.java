package dev.capstan.pipeline;

import dev.capstan.data.DataRepo;
import dev.capstan.data.DirObject;
import dev.capstan.data.DvcFile;
import dev.capstan.data.internal.PythonJson;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.YamlBlocks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * DVC's run-cache: every successful run of a stage is kept as its {@code dvc.lock} entry under
 * {@code .dvc/cache/runs/KK/KEY/VALUE}, where KEY hashes what the run depended on (command, dependencies,
 * parameters, output paths) and VALUE the whole entry, both as DVC computes them (SHA-256 of Python's
 * {@code json.dumps(..., sort_keys=True)} without sizes and file counts). A stage whose inputs match an earlier run
 * gets that run's outputs back from the cache instead of running again. As in DVC, stages that always change, have
 * no dependencies or outputs, or persist an output are not cached; Capstan also leaves out stages with uncached
 * outputs.
 */
final class RunCache {

    private static final List<String> EXCLUDED = List.of("size", "nfiles");

    private final DataRepo repo;

    RunCache(DataRepo repo) {
        this.repo = repo;
    }

    /**
     * Whether runs of a stage are remembered, as DVC decides: it has a command, dependencies and outputs, none
     * persists, and it is not {@code always_changed}. Outputs kept out of the cache ({@code cache: false}, such as
     * metrics) are stored in it for the run-cache alone, so that a restored run brings them back too.
     */
    static boolean applies(Stage stage) {
        return !stage.alwaysChanged() && !stage.cmd().isEmpty() && !stage.deps().isEmpty() && !stage.outs().isEmpty()
                && stage.outs().stream().noneMatch(Stage.Output::persist);
    }

    /** The newest earlier run with the same inputs as {@code now}, if every object it produced is in the cache. */
    Optional<LockedStage> lookup(Stage stage, StageState now) {
        Path dir = directory(key(now.lock(stage)));
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            Optional<Path> newest = entries.filter(p -> !p.getFileName().toString().startsWith("."))
                    .max(Comparator.comparingLong(RunCache::modified));
            return newest.map(p -> LockFile.parseStage(p, stage.name())).filter(this::outputsCached);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Records a successful run, first storing the outputs that the cache does not hold ({@code cache: false}); a
     * run with such an output that is a directory is not recorded.
     */
    void save(Stage stage, LockedStage entry) {
        Path file = directory(key(entry)).resolve(value(entry));
        if (Files.exists(file) || !storeUncached(stage)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + file.getParent(), e);
        }
        AtomicFiles.write(file, YamlBlocks.document(entry.toYaml()).getBytes(StandardCharsets.UTF_8));
    }

    private boolean storeUncached(Stage stage) {
        for (Stage.Output out : stage.outs()) {
            Path path = stage.workDir().resolve(out.path()).normalize();
            if (out.cache()) {
                continue;
            }
            if (!Files.isRegularFile(path)) {
                return false;
            }
            try {
                repo.cache().add(path, false);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot store " + path + " for the run-cache", e);
            }
        }
        return true;
    }

    private boolean outputsCached(LockedStage entry) {
        for (DvcFile.Output out : entry.outs()) {
            if (out.md5() == null || !repo.cache().contains(out.md5())) {
                return false;
            }
            if (out.isDir() && !entriesCached(out.md5())) {
                return false;
            }
        }
        return true;
    }

    private boolean entriesCached(String dirOid) {
        try {
            return DirObject.parse(Files.readAllBytes(repo.cache().objectPath(dirOid)), dirOid).stream()
                    .allMatch(e -> repo.cache().contains(e.md5()));
        } catch (IOException e) {
            return false;
        }
    }

    private Path directory(String key) {
        return repo.cache().dir().resolve("runs").resolve(key.substring(0, 2)).resolve(key);
    }

    /** What the run depended on: the entry with its outputs reduced to their paths. */
    static String key(LockedStage entry) {
        Map<String, Object> yaml = new LinkedHashMap<>(entry.toYaml());
        if (yaml.containsKey("outs")) {
            yaml.put("outs", entry.outs().stream().map(DvcFile.Output::path).toList());
        }
        return sha256(PythonJson.dumps(withoutSizes(yaml)));
    }

    static String value(LockedStage entry) {
        return sha256(PythonJson.dumps(withoutSizes(entry.toYaml())));
    }

    /** DVC's {@code dict_filter}: drops {@code size} and {@code nfiles} at every depth. */
    private static Object withoutSizes(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!EXCLUDED.contains(String.valueOf(k))) {
                    out.put(String.valueOf(k), withoutSizes(v));
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(withoutSizes(v)));
            return out;
        }
        return value;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
