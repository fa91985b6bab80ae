package dev.capstan.data;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code dvc gc -w}: removes from the cache every object that no {@code .dvc} file of the workspace uses. An object is
 * used when an output names it, or when it is a file of a used directory's {@code .dir} listing; when such a listing
 * is itself missing from the cache, nothing is removed, since the files it names cannot be known. Temporary files
 * that killed transfers left behind are removed once they are an hour old. Entries that are not objects are left
 * alone.
 */
public final class CacheGc {

    private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern REST = Pattern.compile("[0-9a-f]{30}(\\.dir)?");
    private static final Duration STALE_TEMP = Duration.ofHours(1);

    /**
     * What gc did or, for a dry run, would do.
     *
     * @param removed    the removed objects' hashes
     * @param bytes      their total size
     * @param kept       objects kept because the workspace uses them
     * @param staleTemps temporary files removed
     */
    public record Result(List<String> removed, long bytes, int kept, int staleTemps) {
    }

    private CacheGc() {
    }

    public static Result collect(ObjectCache cache, List<DvcFile> workspace, boolean dryRun) {
        Set<String> used = used(cache, workspace);
        Path root = cache.dir().resolve("files").resolve("md5");
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        int kept = 0;
        int staleTemps = 0;
        if (!Files.isDirectory(root)) {
            return new Result(removed, 0, 0, 0);
        }
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(root)) {
            for (Path prefix : prefixes) {
                String name = prefix.getFileName().toString();
                if (isStaleTemp(prefix)) {
                    staleTemps += delete(prefix, dryRun) ? 1 : 0;
                    continue;
                }
                if (!PREFIX.matcher(name).matches() || !Files.isDirectory(prefix)) {
                    continue;
                }
                try (DirectoryStream<Path> objects = Files.newDirectoryStream(prefix)) {
                    for (Path object : objects) {
                        String rest = object.getFileName().toString();
                        if (!REST.matcher(rest).matches()) {
                            staleTemps += isStaleTemp(object) && delete(object, dryRun) ? 1 : 0;
                            continue;
                        }
                        String hash = name + rest;
                        if (used.contains(hash)) {
                            kept++;
                            continue;
                        }
                        bytes += Files.size(object);
                        delete(object, dryRun);
                        removed.add(hash);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clean the cache " + root + ": " + e.getMessage(), e);
        }
        return new Result(removed, bytes, kept, staleTemps);
    }

    /** Every object the workspace's {@code .dvc} files need. */
    private static Set<String> used(ObjectCache cache, List<DvcFile> workspace) {
        Set<String> used = new HashSet<>();
        for (DvcFile file : workspace) {
            for (DvcFile.Output out : file.outs()) {
                used.add(out.md5());
                if (out.isDir()) {
                    if (!cache.contains(out.md5())) {
                        throw new CapstanException(ErrorCode.INVALID_STATE, "The listing " + out.md5() + " of '"
                                + out.path() + "' (in " + file.file().getFileName() + ") is not in the cache, so gc "
                                + "cannot tell which files it needs; nothing was removed. Run `capstan data fetch` first.");
                    }
                    try {
                        DirObject.parse(Files.readAllBytes(cache.objectPath(out.md5())), out.md5())
                                .forEach(entry -> used.add(entry.md5()));
                    } catch (IOException e) {
                        throw new UncheckedIOException("Cannot read " + cache.objectPath(out.md5()), e);
                    }
                }
            }
        }
        return used;
    }

    private static boolean isStaleTemp(Path path) throws IOException {
        String name = path.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(path)
                && Files.getLastModifiedTime(path).toInstant().isBefore(Instant.now().minus(STALE_TEMP));
    }

    private static boolean delete(Path path, boolean dryRun) throws IOException {
        return dryRun || Files.deleteIfExists(path);
    }
}
