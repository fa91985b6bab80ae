package dev.capstan.data.remote;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.data.DirEntry;
import dev.capstan.data.DirObject;
import dev.capstan.data.ObjectCache;
import dev.capstan.data.ProgressListener;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.Md5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Moves objects between the local cache and a remote: only what the other side lacks, {@code jobs} at a time.
 * Pushing sends a directory's files before its {@code .dir} object, so a remote never lists a directory whose files
 * it lacks. Fetching checks every object's md5 before it enters the cache; one that does not match is reported and
 * dropped. Both can be interrupted at any point and run again: objects already transferred are not sent twice.
 */
public final class ObjectTransfer {

    /**
     * What a transfer did.
     *
     * @param transferred objects sent or received
     * @param skipped     objects the other side already had
     * @param missing     objects neither side has (not in the cache when pushing, not on the remote when fetching)
     * @param failed      objects that could not be moved, with why (including a downloaded object that did not
     *                    match its hash)
     */
    public record Result(int transferred, int skipped, List<String> missing, List<String> failed) {

        public boolean ok() {
            return missing.isEmpty() && failed.isEmpty();
        }
    }

    private final ObjectCache cache;
    private final DataRemote remote;
    private final int jobs;
    private final ProgressListener progress;

    public ObjectTransfer(ObjectCache cache, DataRemote remote, int jobs, ProgressListener progress) {
        if (jobs < 1) {
            throw CapstanException.invalid("-j/--jobs must be at least 1, got %d", jobs);
        }
        this.cache = cache;
        this.remote = remote;
        this.jobs = jobs;
        this.progress = progress;
    }

    /** Sends the objects of these outputs (file hashes, or directory hashes with their files) that the remote lacks. */
    public Result push(Collection<String> outputHashes) {
        List<String> missing = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        Set<String> dirs = new LinkedHashSet<>();
        for (String hash : outputHashes) {
            if (!hash.endsWith(DirObject.SUFFIX)) {
                files.add(hash);
            } else if (!cache.contains(hash)) {
                missing.add(hash);
            } else {
                dirs.add(hash);
                entries(hash).forEach(e -> files.add(e.md5()));
            }
        }
        Set<String> all = new LinkedHashSet<>(files);
        all.addAll(dirs);
        Set<String> present = remote.contains(all);
        List<String> toSend = new ArrayList<>();
        for (String hash : all) {
            if (present.contains(hash)) {
                continue;
            }
            if (cache.contains(hash)) {
                toSend.add(hash);
            } else {
                missing.add(hash);
            }
        }
        List<String> failed = new ArrayList<>();
        progress.begin("push", toSend.size());
        List<String> fileObjects = toSend.stream().filter(h -> !h.endsWith(DirObject.SUFFIX)).toList();
        Set<String> notSent = new LinkedHashSet<>(missing);
        run(fileObjects, hash -> remote.upload(hash, cache.objectPath(hash)), notSent, failed);
        List<String> dirObjects = toSend.stream().filter(h -> h.endsWith(DirObject.SUFFIX))
                .filter(h -> entries(h).stream().noneMatch(e -> notSent.contains(e.md5()))).toList();
        run(dirObjects, hash -> remote.upload(hash, cache.objectPath(hash)), notSent, failed);
        progress.end();
        int failedUploads = notSent.size() - missing.size();
        return new Result(fileObjects.size() + dirObjects.size() - failedUploads, present.size(), missing, failed);
    }

    /** Brings into the cache the objects of these outputs that it lacks, checking each one's md5. */
    public Result fetch(Collection<String> outputHashes) {
        List<String> missing = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Set<String> files = new LinkedHashSet<>();
        int skipped = 0;
        int transferred = 0;
        List<String> dirsToFetch = outputHashes.stream().filter(h -> h.endsWith(DirObject.SUFFIX) && !cache.contains(h)).toList();
        Set<String> notFetched = new LinkedHashSet<>();
        progress.begin("fetch directory listings", dirsToFetch.size());
        run(dirsToFetch, this::download, notFetched, failed);
        progress.end();
        transferred += dirsToFetch.size() - notFetched.size();
        for (String hash : outputHashes) {
            if (!hash.endsWith(DirObject.SUFFIX)) {
                files.add(hash);
            } else if (cache.contains(hash)) {
                entries(hash).forEach(e -> files.add(e.md5()));
            }
        }
        List<String> toFetch = new ArrayList<>();
        for (String hash : files) {
            if (cache.contains(hash)) {
                skipped++;
            } else {
                toFetch.add(hash);
            }
        }
        int before = notFetched.size();
        progress.begin("fetch", toFetch.size());
        run(toFetch, this::download, notFetched, failed);
        progress.end();
        transferred += toFetch.size() - (notFetched.size() - before);
        notFetched.stream().filter(h -> failed.stream().noneMatch(f -> f.startsWith(h + ":"))).forEach(missing::add);
        return new Result(transferred, skipped, missing, failed);
    }

    /**
     * {@code dvc status -c}: for each output (path → hash), whether its objects are only in the cache ({@code new}),
     * only on the remote ({@code deleted}) or on neither side ({@code missing}); outputs in sync are left out. A
     * directory whose listing is not in the cache is judged by its listing alone.
     */
    public Map<String, String> cloudStatus(Map<String, String> outputs) {
        Map<String, Set<String>> objects = new LinkedHashMap<>();
        Set<String> all = new LinkedHashSet<>();
        outputs.forEach((path, hash) -> {
            Set<String> needed = new LinkedHashSet<>(List.of(hash));
            if (hash.endsWith(DirObject.SUFFIX) && cache.contains(hash)) {
                entries(hash).forEach(e -> needed.add(e.md5()));
            }
            objects.put(path, needed);
            all.addAll(needed);
        });
        Set<String> remote = this.remote.contains(all);
        Map<String, String> status = new LinkedHashMap<>();
        objects.forEach((path, needed) -> {
            boolean missing = needed.stream().anyMatch(h -> !cache.contains(h) && !remote.contains(h));
            boolean onlyLocal = needed.stream().anyMatch(h -> cache.contains(h) && !remote.contains(h));
            boolean onlyRemote = needed.stream().anyMatch(h -> !cache.contains(h) && remote.contains(h));
            if (missing || onlyLocal || onlyRemote) {
                status.put(path, missing ? "missing" : onlyLocal ? "new" : "deleted");
            }
        });
        return status;
    }

    /** Downloads one object to a staging file, checks its md5 and commits it to the cache. */
    private void download(String hash) {
        Path temp = null;
        try {
            temp = cache.stagingFileFor(hash);
            remote.download(hash, temp);
            String actual = hash.endsWith(DirObject.SUFFIX) ? DirObject.hash(Files.readAllBytes(temp)) : Md5.of(temp);
            if (!actual.equals(hash)) {
                throw new CapstanException(ErrorCode.INVALID_STATE, "object " + hash + " from " + remote.url()
                        + " is corrupted: its content hashes to " + actual + "; it was not added to the cache");
            }
            cache.commit(temp, hash);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteQuietly(temp);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private List<DirEntry> entries(String dirHash) {
        try {
            return DirObject.parse(Files.readAllBytes(cache.objectPath(dirHash)), dirHash);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read directory object " + dirHash, e);
        }
    }

    /**
     * Runs {@code action} on each hash, {@code jobs} at a time. Each hash that fails goes to {@code notDone}; unless
     * the other side simply does not have it, it also goes to {@code failed} as "hash: why".
     */
    private void run(List<String> hashes, Consumer<String> action, Set<String> notDone, List<String> failed) {
        if (hashes.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, hashes.size()));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (String hash : hashes) {
                futures.add(pool.submit(() -> {
                    action.accept(hash);
                    progress.advance(hash);
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    futures.get(i).get();
                } catch (ExecutionException e) {
                    notDone.add(hashes.get(i));
                    if (!(e.getCause() instanceof CapstanException c && c.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST)) {
                        failed.add(hashes.get(i) + ": " + e.getCause().getMessage());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.TEMPORARILY_UNAVAILABLE, "Interrupted during the transfer", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
