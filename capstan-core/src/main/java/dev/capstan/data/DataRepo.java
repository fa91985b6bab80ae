package dev.capstan.data;

import dev.capstan.CapstanException;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.Git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A DVC 3 repository on disk: its root, {@code .dvc/}, the settings data versioning reads from {@code .dvc/config}
 * ({@code core.no_scm}, {@code cache.type}, {@code cache.dir}) and its object cache. Immutable.
 *
 * @param root      the workspace root (the directory holding {@code .dvc})
 * @param noScm     whether the repository lives outside git ({@code core.no_scm})
 * @param linkTypes {@code cache.type}, in the order to try
 * @param cache     the local object cache
 */
public record DataRepo(Path root, boolean noScm, List<LinkType> linkTypes, ObjectCache cache) {

    public static final String DVC_DIR = ".dvc";
    /** DVC 3's {@code .dvc/.gitignore}: what {@code Repo._ignore} adds, in its order. */
    public static final String DVC_GITIGNORE = "/config.local\n/tmp\n/cache\n";
    /** The header DVC's {@code dvc/ignore.py} writes into a new {@code .dvcignore}. */
    public static final String DVCIGNORE_HEADER = "# Add patterns of files dvc should ignore, which could improve\n"
            + "# the performance. Learn more at\n"
            + "# https://dvc.org/doc/user-guide/dvcignore\n";

    public Path dvcDir() {
        return root.resolve(DVC_DIR);
    }

    /** {@code .dvc/tmp}, which DVC's {@code .gitignore} keeps out of git. */
    public Path tmpDir() {
        return dvcDir().resolve("tmp");
    }

    /** Opens the repository whose root is {@code root}. */
    public static DataRepo open(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        DvcConfig config = DvcConfig.load(abs);
        boolean noScm = isTrue(config.get("core", "no_scm"));
        String dir = config.get("cache", "dir");
        Path cacheDir = dir == null ? abs.resolve(DVC_DIR).resolve("cache") : abs.resolve(DVC_DIR).resolve(dir).normalize();
        return new DataRepo(abs, noScm, LinkType.parse(config.get("cache", "type")), new ObjectCache(cacheDir));
    }

    /** The repository containing {@code start}: the nearest ancestor (or itself) with a {@code .dvc} directory. */
    public static DataRepo find(Path start) {
        Path abs = start.toAbsolutePath().normalize();
        for (Path dir = abs; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(DVC_DIR))) {
                return open(dir);
            }
        }
        throw CapstanException.notFound("%s is not inside a DVC repository (no .dvc directory in it or its parents); "
                + "run `capstan init` first", abs);
    }

    /**
     * {@code dvc init}: creates {@code .dvc/config} (empty, or {@code no_scm = True} under {@code [core]}),
     * {@code .dvc/.gitignore} in a git repository, {@code .dvc/tmp}, and {@code .dvcignore} if there is none.
     */
    public static DataRepo init(Path dir, boolean noScm, boolean force) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw CapstanException.notFound("'%s' does not exist or is not a directory", root);
        }
        if (!noScm && !Git.isRepoRoot(root)) {
            throw CapstanException.invalid("%s is not tracked by any supported SCM tool (e.g. Git). Use `--no-scm` if "
                    + "you don't want to use any SCM.", root);
        }
        Path dvcDir = root.resolve(DVC_DIR);
        if (Files.exists(dvcDir)) {
            if (!force) {
                throw CapstanException.invalid("'%s' exists. Use `-f` to force.", dvcDir);
            }
            deleteTree(dvcDir);
        }
        try {
            Files.createDirectories(dvcDir.resolve("tmp"));
            // DVC's Config.init writes an empty file, then saves core.no_scm = True for --no-scm
            DvcConfig config = DvcConfig.load(root);
            if (noScm) {
                config.set(DvcConfig.Level.REPO, "core", "no_scm", "True");
            }
            config.save();
            if (!noScm) {
                AtomicFiles.write(dvcDir.resolve(".gitignore"), DVC_GITIGNORE.getBytes(StandardCharsets.UTF_8));
            }
            Path dvcignore = root.resolve(".dvcignore");
            if (!Files.exists(dvcignore)) {
                AtomicFiles.write(dvcignore, DVCIGNORE_HEADER.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot initialize " + dvcDir + ": " + e.getMessage(), e);
        }
        return open(root);
    }

    /** The path of {@code file} relative to the root, with {@code /} separators. */
    public String relative(Path file) {
        String rel = root.relativize(file.toAbsolutePath().normalize()).toString();
        return java.io.File.separatorChar == '/' ? rel : rel.replace(java.io.File.separatorChar, '/');
    }

    private static boolean isTrue(String value) {
        return value != null && List.of("true", "yes", "on", "1").contains(value.strip().toLowerCase());
    }

    static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
