package dev.capstan.data;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.DvcIgnore;
import dev.capstan.data.internal.FileInfo;
import dev.capstan.data.internal.Git;
import dev.capstan.data.internal.HashCache;
import dev.capstan.data.internal.StatFingerprint;
import dev.capstan.data.internal.Md5;
import dev.capstan.data.internal.Walk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Data versioning in DVC 3's formats: {@code add} (hash, store in the cache, write {@code .dvc} files, ignore in
 * git), {@code status} (workspace vs {@code .dvc} files) and {@code checkout} (workspace from the cache). Every
 * request is validated whole before anything is written. Files are hashed in parallel on a small pool and their
 * hashes remembered in {@code .dvc/tmp} (see {@link HashCache}). One instance serves one command; not thread-safe.
 */
public final class DataVersioning implements AutoCloseable {

    private static final String DOT_DVC = DvcFile.SUFFIX;

    private final DataRepo repo;
    private final DvcIgnore ignore;
    private final HashCache hashes;
    private final HashCache trees;
    private final ForkJoinPool pool;

    public DataVersioning(DataRepo repo) {
        this.repo = repo;
        this.ignore = DvcIgnore.load(repo.root());
        this.hashes = HashCache.load(repo.tmpDir());
        this.trees = HashCache.trees(repo.tmpDir());
        this.pool = new ForkJoinPool(Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())));
    }

    public DataRepo repo() {
        return repo;
    }

    /** Saves the hash caches and stops the hashing pool. */
    @Override
    public void close() {
        pool.shutdown();
        hashes.save();
        trees.save();
    }

    // ---------------------------------------------------------------- hashing the workspace, for diff

    /** The md5 of each file under a tracked directory of the workspace, by relpath, through the hash cache. */
    Map<String, String> hashDirectory(Path dir, String rel) throws IOException {
        List<FileInfo> files = Walk.files(dir, rel, ignore, pool);
        String[] md5s = hashAll(files, rel + "/", false, ProgressListener.NONE);
        Map<String, String> byPath = new LinkedHashMap<>(files.size() * 4 / 3 + 1);
        for (int i = 0; i < md5s.length; i++) {
            byPath.put(files.get(i).relpath(), md5s[i]);
        }
        return byPath;
    }

    /** The md5 of one workspace file through the hash cache, or {@code null} when it is not a regular file. */
    String hashFile(Path file, String rel) throws IOException {
        FileInfo info = Files.isRegularFile(file) ? FileInfo.stat(file, rel) : null;
        return info == null ? null : hashAll(List.of(info), "", false, ProgressListener.NONE)[0];
    }

    // ---------------------------------------------------------------- add

    /** {@code dvc add}: tracks each file or directory, writing {@code PATH.dvc} beside it. */
    public List<DvcFile> add(List<Path> paths, ProgressListener progress) {
        List<Path> targets = paths.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
        validateAdd(targets);
        List<DvcFile> written = new ArrayList<>();
        for (Path target : targets) {
            written.add(addOne(target, progress));
        }
        return written;
    }

    private void validateAdd(List<Path> targets) {
        if (targets.isEmpty()) {
            throw CapstanException.invalid("Nothing to add: name at least one file or directory");
        }
        List<String> rels = new ArrayList<>();
        for (Path target : targets) {
            String rel = inside(target);
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw CapstanException.notFound("'%s' does not exist", rel);
            }
            if (!Files.isRegularFile(target) && !Files.isDirectory(target)) {
                throw CapstanException.invalid("'%s' is neither a file nor a directory", rel);
            }
            if (rel.endsWith(DOT_DVC)) {
                throw CapstanException.invalid("'%s' is a .dvc file; name the data it tracks instead", rel);
            }
            if (ignore.ignores(rel, Files.isDirectory(target))) {
                throw CapstanException.invalid("Path '%s' is ignored by .dvcignore", rel);
            }
            rels.add(rel);
        }
        for (int i = 0; i < rels.size(); i++) {
            for (int j = 0; j < rels.size(); j++) {
                if (i != j && rels.get(j).startsWith(rels.get(i) + "/")) {
                    throw CapstanException.invalid("Cannot add '%s' and '%s' together: one contains the other",
                            rels.get(i), rels.get(j));
                }
            }
        }
        if (!repo.noScm()) {
            List<String> tracked = Git.trackedFiles(repo.root(), rels);
            if (!tracked.isEmpty()) {
                throw CapstanException.invalid("output '%s' is already tracked by SCM (e.g. Git). Remove it from git "
                        + "first: git rm -r --cached '%s'", tracked.get(0), tracked.get(0));
            }
        }
        for (DvcFile file : dvcFiles()) {
            for (DvcFile.Output out : file.outs()) {
                String outRel = repo.relative(file.outputPath(out));
                String fileRel = repo.relative(file.file());
                for (String rel : rels) {
                    if (rel.startsWith(outRel + "/")) {
                        throw CapstanException.invalid("Cannot add '%s', because it is overlapping with other DVC "
                                + "tracked output: '%s' (in %s)", rel, outRel, fileRel);
                    }
                    if (outRel.startsWith(rel + "/")) {
                        throw CapstanException.invalid("Cannot add '%s', because it is overlapping with other DVC "
                                + "tracked output: '%s' (in %s); remove %s first", rel, outRel, fileRel, fileRel);
                    }
                    if (outRel.equals(rel) && !file.file().equals(repo.root().resolve(rel + DOT_DVC))) {
                        throw CapstanException.invalid("'%s' is already an output of %s", rel, fileRel);
                    }
                }
            }
        }
    }

    /** The path from the root, after checking that it is inside the workspace and outside .git and .dvc. */
    private String inside(Path target) {
        if (!target.startsWith(repo.root()) || target.equals(repo.root())) {
            throw CapstanException.invalid("'%s' is outside the repository %s", target, repo.root());
        }
        String rel = repo.relative(target);
        String first = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : rel;
        if (first.equals(".git") || first.equals(DataRepo.DVC_DIR)) {
            throw CapstanException.invalid("'%s' is inside %s, which data versioning does not track", rel, first);
        }
        return rel;
    }

    private DvcFile addOne(Path target, ProgressListener progress) {
        String name = target.getFileName().toString();
        DvcFile.Output out = commit(target, name, progress);
        DvcFile dvc = new DvcFile(target.resolveSibling(name + DOT_DVC), List.of(out));
        AtomicFiles.write(dvc.file(), dvc.text().getBytes(StandardCharsets.UTF_8));
        ignoreInGit(target);
        return dvc;
    }

    /**
     * Stores a file or directory in the cache (as {@code add} does, without writing a {@code .dvc} file) and
     * returns it as an output named {@code path}: what a pipeline does with a stage's outputs.
     */
    public DvcFile.Output commit(Path target, String path, ProgressListener progress) {
        String rel = repo.relative(target);
        try {
            if (!Files.isDirectory(target)) {
                FileInfo file = FileInfo.stat(target, target.getFileName().toString());
                if (file == null) {
                    throw CapstanException.notFound("'%s' does not exist", rel);
                }
                progress.begin("Adding " + rel, 1);
                String md5 = hashAll(List.of(file), rel.substring(0, rel.length() - file.relpath().length()), true,
                        progress)[0];
                progress.end();
                relinkAfterAdd(List.of(file), new String[] {md5});
                return new DvcFile.Output(md5, file.size(), null, file.executable(), path);
            }
            List<FileInfo> files = Walk.files(target, rel, ignore, pool);
            progress.begin("Adding " + rel, files.size());
            String[] md5s = hashAll(files, rel + "/", true, progress);
            progress.end();
            List<DirEntry> entries = new ArrayList<>(files.size());
            for (int i = 0; i < md5s.length; i++) {
                entries.add(new DirEntry(files.get(i).relpath(), md5s[i]));
            }
            relinkAfterAdd(files, md5s);
            byte[] bytes = DirObject.bytes(entries);
            String oid = DirObject.hash(bytes);
            repo.cache().put(oid, bytes);
            rememberTree(rel, StatFingerprint.of(files), files.size(), oid);
            rememberComplete(oid, StatFingerprint.ofSubdirectories(cacheFilesDir()));
            return new DvcFile.Output(oid, totalSize(files), files.size(), false, path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot add " + rel + ": " + e.getMessage(), e);
        }
    }

    /**
     * The hash of a file or directory as it is now, through the hash caches, as an output named {@code path}
     * (nothing is stored); null when it does not exist. What a pipeline records for a stage's dependencies.
     */
    public DvcFile.Output hash(Path target, String path) {
        String rel = repo.relative(target);
        try {
            if (Files.isDirectory(target)) {
                List<FileInfo> files = Walk.files(target, rel, ignore, pool);
                return new DvcFile.Output(treeHash(rel, files), totalSize(files), files.size(), false, path);
            }
            FileInfo file = Files.isRegularFile(target) ? FileInfo.stat(target, rel) : null;
            if (file == null) {
                return null;
            }
            String md5 = hashAll(List.of(file), "", false, ProgressListener.NONE)[0];
            return new DvcFile.Output(md5, file.size(), null, file.executable(), path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + rel + ": " + e.getMessage(), e);
        }
    }

    private static long totalSize(List<FileInfo> files) {
        long size = 0;
        for (FileInfo f : files) {
            size += f.size();
        }
        return size;
    }

    /** With {@code cache.type} hardlink or symlink first, the workspace files become links to the cache, as in DVC. */
    private void relinkAfterAdd(List<FileInfo> files, String[] md5s) throws IOException {
        LinkType first = repo.linkTypes().get(0);
        if (first != LinkType.HARDLINK && first != LinkType.SYMLINK) {
            return;
        }
        for (int i = 0; i < md5s.length; i++) {
            Path file = files.get(i).path();
            if (!Files.isSameFile(file, repo.cache().objectPath(md5s[i]))) {
                repo.cache().link(md5s[i], file, repo.linkTypes(), false);
            }
        }
    }

    /**
     * Adds {@code /name} to the {@code .gitignore} beside a cached output, as scmrepo does, unless git ignores it
     * already or the repository has no git.
     */
    public void ignoreInGit(Path target) {
        if (repo.noScm() || Git.isIgnored(repo.root(), repo.relative(target))) {
            return;
        }
        try {
            Path gitignore = target.resolveSibling(".gitignore");
            String entry = "/" + escapeGitignore(target.getFileName().toString());
            String text = Files.exists(gitignore) ? Files.readString(gitignore, StandardCharsets.UTF_8) : "";
            if (text.lines().anyMatch(line -> line.equals(entry))) {
                return;
            }
            String prefix = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
            AtomicFiles.write(gitignore, (text + prefix + entry + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot update .gitignore beside " + target + ": " + e.getMessage(), e);
        }
    }

    /** pathspec's {@code GitWildMatchPattern.escape}: a backslash before each of {@code []!*#?}. */
    static String escapeGitignore(String name) {
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if ("[]!*#?".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- hashing

    /**
     * The md5 of each file, from the hash cache when its stat is unchanged. With {@code store} each file is also in
     * the object cache afterwards (copied or reflinked while hashed).
     */
    private String[] hashAll(List<FileInfo> files, String keyPrefix, boolean store, ProgressListener progress) {
        String[] md5s = new String[files.size()];
        boolean reflink = repo.linkTypes().get(0) == LinkType.REFLINK;
        runOnPool(() -> IntStream.range(0, files.size()).parallel().forEach(i -> {
            md5s[i] = hashOne(files.get(i), keyPrefix + files.get(i).relpath(), store, reflink);
            progress.advance(files.get(i).relpath());
        }));
        return md5s;
    }

    private String hashOne(FileInfo f, String key, boolean store, boolean reflink) {
        try {
            String md5 = hashes.get(key, f.fileId(), f.mtimeNanos(), f.size());
            if (md5 != null && (!store || repo.cache().contains(md5))) {
                return md5;
            }
            if (store && repo.linkTypes().get(0) == LinkType.HARDLINK) {
                md5 = Md5.of(f.path());
                unchangedSince(f, key);
                try {
                    repo.cache().addAsHardlink(f.path(), md5);
                } catch (IOException | UnsupportedOperationException e) {
                    md5 = repo.cache().add(f.path(), false);
                }
            } else if (store) {
                md5 = repo.cache().add(f.path(), reflink);
            }
            if (store) {
                unchangedSince(f, key);
                rememberObject(md5);
            } else {
                md5 = Md5.of(f.path());
            }
            hashes.put(key, f.fileId(), f.mtimeNanos(), f.size(), md5);
            return md5;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    private static void unchangedSince(FileInfo f, String key) throws IOException {
        FileInfo after = FileInfo.stat(f.path(), f.relpath());
        if (after == null || after.size() != f.size() || after.mtimeNanos() != f.mtimeNanos()) {
            throw CapstanException.invalid("'%s' changed while it was being added; run the command again", key);
        }
    }

    /** Records a freshly written object's stat, so that verifying it before a checkout costs nothing. */
    private void rememberObject(String oid) throws IOException {
        Path object = repo.cache().objectPath(oid);
        FileInfo info = FileInfo.stat(object, oid);
        if (info != null) {
            hashes.put(objectKey(oid), info.fileId(), info.mtimeNanos(), info.size(), oid);
        }
    }

    /** The hash cache key of a cache object: its oid after a NUL, which no workspace path contains. */
    private static String objectKey(String oid) {
        return "\0".concat(oid);
    }

    /** Whether the object's content matches its name: from the hash cache when its stat is unchanged. */
    private boolean objectIntact(String oid) throws IOException {
        Path object = repo.cache().objectPath(oid);
        FileInfo info = FileInfo.stat(object, oid);
        if (info == null) {
            return false;
        }
        String plain = withoutDirSuffix(oid);
        String known = hashes.get(objectKey(oid), info.fileId(), info.mtimeNanos(), info.size());
        if (known == null) {
            known = oid.endsWith(DirObject.SUFFIX) ? Md5.of(Files.readAllBytes(object)) : Md5.of(object);
            hashes.put(objectKey(oid), info.fileId(), info.mtimeNanos(), info.size(), known);
        }
        return known.equals(plain);
    }

    // ---------------------------------------------------------------- .dvc files

    /**
     * Every {@code .dvc} file of the workspace, found by a walk that skips {@code .git}, {@code .dvc}, what
     * {@code .dvcignore} ignores and the tracked directories themselves.
     */
    public List<DvcFile> dvcFiles() {
        List<DvcFile> found = new ArrayList<>();
        try {
            collect(repo.root(), found);
            found.sort((a, b) -> DirObject.CODE_POINT_ORDER.compare(repo.relative(a.file()), repo.relative(b.file())));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the workspace: " + e.getMessage(), e);
        }
        return found;
    }

    private void collect(Path dir, List<DvcFile> found) throws IOException {
        List<Path> subdirs = new ArrayList<>();
        Set<Path> outputs = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(DOT_DVC) && Files.isRegularFile(entry)) {
                    if (!ignore.isEmpty() && ignore.ignores(repo.relative(entry), false)) {
                        continue;
                    }
                    DvcFile file = DvcFile.read(entry);
                    found.add(file);
                    file.outs().forEach(out -> outputs.add(file.outputPath(out)));
                } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    subdirs.add(entry);
                }
            }
        }
        for (Path sub : subdirs) {
            String name = sub.getFileName().toString();
            boolean top = dir.equals(repo.root());
            if ((top && (name.equals(".git") || name.equals(DataRepo.DVC_DIR))) || outputs.contains(sub)
                    || (!ignore.isEmpty() && ignore.ignores(repo.relative(sub), true))) {
                continue;
            }
            collect(sub, found);
        }
    }

    /** The {@code .dvc} files that {@code targets} name (a {@code .dvc} file or an output path); all when empty. */
    public List<DvcFile> resolve(List<Path> targets) {
        List<DvcFile> all = dvcFiles();
        if (targets.isEmpty()) {
            return all;
        }
        List<DvcFile> chosen = new ArrayList<>();
        for (Path t : targets) {
            Path target = t.toAbsolutePath().normalize();
            DvcFile match = all.stream().filter(f -> f.file().equals(target)
                    || f.outs().stream().anyMatch(o -> f.outputPath(o).equals(target))).findFirst().orElse(null);
            if (match == null && target.toString().endsWith(DOT_DVC) && Files.isRegularFile(target)) {
                match = DvcFile.read(target);
            }
            if (match == null) {
                throw CapstanException.notFound("'%s' is not tracked: no .dvc file names it", t);
            }
            if (!chosen.contains(match)) {
                chosen.add(match);
            }
        }
        return chosen;
    }

    // ---------------------------------------------------------------- status

    /** {@code dvc status} for local data: what differs between the workspace and the {@code .dvc} files. */
    public List<OutputStatus> status(List<Path> targets) {
        List<OutputStatus> result = new ArrayList<>();
        for (DvcFile file : resolve(targets)) {
            for (DvcFile.Output out : file.outs()) {
                result.add(status(file, out));
            }
        }
        return result;
    }

    private OutputStatus status(DvcFile file, DvcFile.Output out) {
        Path path = file.outputPath(out);
        String rel = repo.relative(path);
        String dvcRel = repo.relative(file.file());
        try {
            if (out.md5() == null) {
                return new OutputStatus(dvcRel, rel, OutputStatus.MODIFIED, List.of());
            }
            if (!out.isDir()) {
                FileInfo info = Files.isRegularFile(path) ? FileInfo.stat(path, rel) : null;
                if (info == null) {
                    return new OutputStatus(dvcRel, rel, OutputStatus.DELETED, List.of());
                }
                String md5 = hashAll(List.of(info), "", false, ProgressListener.NONE)[0];
                String status = !md5.equals(out.md5()) ? OutputStatus.MODIFIED
                        : repo.cache().contains(out.md5()) ? null : OutputStatus.NOT_IN_CACHE;
                return new OutputStatus(dvcRel, rel, status, List.of());
            }
            if (!Files.isDirectory(path)) {
                return new OutputStatus(dvcRel, rel, OutputStatus.DELETED, List.of());
            }
            List<FileInfo> files = Walk.files(path, rel, ignore, pool);
            String oid = treeHash(rel, files);
            if (!repo.cache().contains(out.md5())) {
                return new OutputStatus(dvcRel, rel, oid.equals(out.md5()) ? OutputStatus.NOT_IN_CACHE
                        : OutputStatus.MODIFIED, List.of());
            }
            if (!oid.equals(out.md5())) {
                List<DirEntry> expected = DirObject.parse(Files.readAllBytes(repo.cache().objectPath(out.md5())), out.md5());
                List<OutputStatus.Change> changes = compare(rel, expected, entries(rel, files));
                if (!changes.isEmpty()) {
                    return new OutputStatus(dvcRel, rel, OutputStatus.MODIFIED, changes);
                }
            }
            return new OutputStatus(dvcRel, rel, cacheHasAll(out.md5()) ? null : OutputStatus.NOT_IN_CACHE, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + rel + ": " + e.getMessage(), e);
        }
    }

    private static List<OutputStatus.Change> compare(String dirRel, List<DirEntry> expected, List<DirEntry> current) {
        Map<String, String> now = new HashMap<>(current.size() * 4 / 3 + 1);
        current.forEach(e -> now.put(e.relpath(), e.md5()));
        List<OutputStatus.Change> changes = new ArrayList<>();
        Set<String> known = new HashSet<>(expected.size() * 4 / 3 + 1);
        for (DirEntry e : expected) {
            known.add(e.relpath());
            String md5 = now.get(e.relpath());
            if (md5 == null) {
                changes.add(new OutputStatus.Change(dirRel + "/" + e.relpath(), OutputStatus.DELETED));
            } else if (!md5.equals(e.md5())) {
                changes.add(new OutputStatus.Change(dirRel + "/" + e.relpath(), OutputStatus.MODIFIED));
            }
        }
        for (DirEntry e : current) {
            if (!known.contains(e.relpath())) {
                changes.add(new OutputStatus.Change(dirRel + "/" + e.relpath(), "new"));
            }
        }
        changes.sort((a, b) -> DirObject.CODE_POINT_ORDER.compare(a.path(), b.path()));
        return changes;
    }

    /**
     * Whether every file object that the directory object {@code oid} lists is in the cache. Listing the cache
     * costs a directory read per prefix; a complete answer is remembered with the fingerprint of the prefix
     * directories, which changes as soon as any object comes or goes.
     */
    private boolean cacheHasAll(String oid) throws IOException {
        StatFingerprint prefixes = StatFingerprint.ofSubdirectories(cacheFilesDir());
        if (trees.get(objectKey(oid), prefixes.high(), prefixes.low(), 0) != null) {
            return true;
        }
        Set<String> present = presentObjects();
        boolean all = DirObject.parse(Files.readAllBytes(repo.cache().objectPath(oid)), oid).stream()
                .allMatch(e -> present.contains(e.md5()));
        if (all) {
            rememberComplete(oid, prefixes);
        }
        return all;
    }

    /** Remembers that the cache holds every object of the directory object {@code oid} in its present state. */
    private void rememberComplete(String oid, StatFingerprint prefixes) {
        trees.put(objectKey(oid), prefixes.high(), prefixes.low(), 0, withoutDirSuffix(oid));
    }

    /** The oids of the file objects in the cache, listed once (cheaper than a stat per object). */
    private synchronized Set<String> presentObjects() {
        if (present == null) {
            Set<String> oids = new HashSet<>();
            Path files = cacheFilesDir();
            String[] prefixes = files.toFile().list();
            for (String p : prefixes == null ? new String[0] : prefixes) {
                String[] objects = p.length() == 2 ? files.resolve(p).toFile().list() : null;
                for (String o : objects == null ? new String[0] : objects) {
                    oids.add(p.concat(o));
                }
            }
            present = oids;
        }
        return present;
    }

    private Set<String> present;

    private Path cacheFilesDir() {
        return repo.cache().dir().resolve("files").resolve("md5");
    }

    // ---------------------------------------------------------------- trees

    /**
     * The {@code .dir} hash of a tracked directory's files (as {@link Walk} lists them): remembered by the
     * fingerprint of their stats, so an unchanged directory costs its walk alone; otherwise computed through the
     * hash cache.
     */
    private String treeHash(String rel, List<FileInfo> files) {
        StatFingerprint state = StatFingerprint.of(files);
        String known = trees.get(rel, state.high(), state.low(), files.size());
        if (known != null) {
            return known + DirObject.SUFFIX;
        }
        String oid = DirObject.hash(DirObject.bytes(entries(rel, files)));
        rememberTree(rel, state, files.size(), oid);
        return oid;
    }

    private void rememberTree(String rel, StatFingerprint state, int files, String oid) {
        trees.put(rel, state.high(), state.low(), files, withoutDirSuffix(oid));
    }

    /** The directory's entries: each file's relpath and md5, through the hash cache. */
    private List<DirEntry> entries(String rel, List<FileInfo> files) {
        String[] md5s = hashAll(files, rel + "/", false, ProgressListener.NONE);
        List<DirEntry> entries = new ArrayList<>(files.size());
        for (int i = 0; i < md5s.length; i++) {
            entries.add(new DirEntry(files.get(i).relpath(), md5s[i]));
        }
        return entries;
    }

    private static String withoutDirSuffix(String oid) {
        return oid.endsWith(DirObject.SUFFIX) ? oid.substring(0, oid.length() - DirObject.SUFFIX.length()) : oid;
    }

    // ---------------------------------------------------------------- checkout

    /**
     * {@code dvc checkout}: makes the workspace match the {@code .dvc} files from the cache. Every object is checked
     * (present, content matching its hash) before any file is touched; a missing object names itself and suggests
     * {@code capstan data pull}, a corrupt one is reported and never checked out. Files changed in the workspace
     * (and, in tracked directories, files the {@code .dvc} file does not list) are replaced or removed only with
     * {@code force}.
     */
    public CheckoutResult checkout(List<Path> targets, boolean force, ProgressListener progress) {
        return checkoutFiles(resolve(targets), force, progress);
    }

    /** {@link #checkout} of the outputs of {@code files}, which need not exist on disk (a pipeline stage's outputs). */
    public CheckoutResult checkoutFiles(List<DvcFile> files, boolean force, ProgressListener progress) {
        List<Planned> plan = new ArrayList<>();
        List<String> extra = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        int unchanged = 0;
        try {
            for (DvcFile file : files) {
                for (DvcFile.Output out : file.outs()) {
                    unchanged += plan(file, out, plan, extra, changed);
                }
            }
            verify(plan);
            if (!force && (!changed.isEmpty() || !extra.isEmpty())) {
                List<String> lost = new ArrayList<>(changed);
                lost.addAll(extra);
                throw CapstanException.invalid("Checkout would overwrite or remove %d workspace file(s) that differ from "
                        + "the .dvc files: %s; use --force to discard those changes", lost.size(), summary(lost));
            }
            List<String> removed = new ArrayList<>();
            for (String rel : extra) {
                Files.deleteIfExists(repo.root().resolve(rel));
                removed.add(rel);
            }
            progress.begin("Checking out", plan.size());
            Runnable work = () -> plan.parallelStream().forEach(p -> {
                try {
                    repo.cache().link(p.oid, p.target, repo.linkTypes(), p.executable);
                    FileInfo info = FileInfo.stat(p.target, p.rel);
                    if (info != null) {
                        hashes.put(p.rel, info.fileId(), info.mtimeNanos(), info.size(), p.oid);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot check out " + p.rel + ": " + e.getMessage(), e);
                }
                progress.advance(p.rel);
            });
            runOnPool(work);
            progress.end();
            return new CheckoutResult(plan.stream().map(p -> p.rel).sorted().toList(), removed, unchanged);
        } catch (IOException e) {
            throw new UncheckedIOException("Checkout failed: " + e.getMessage(), e);
        }
    }

    private record Planned(String rel, Path target, String oid, boolean executable, String dvcFile) {
    }

    /** Adds the files of one output that need writing to {@code plan}; returns how many already match. */
    private int plan(DvcFile file, DvcFile.Output out, List<Planned> plan, List<String> extra, List<String> changed)
            throws IOException {
        Path path = file.outputPath(out);
        String rel = repo.relative(path);
        String dvcRel = repo.relative(file.file());
        if (out.md5() == null) {
            throw CapstanException.invalid("%s: output '%s' has no md5; run `capstan data add %s` first", dvcRel, rel, rel);
        }
        if (!out.isDir()) {
            return planFile(new Planned(rel, path, out.md5(), out.isexec(), dvcRel), plan, changed);
        }
        List<FileInfo> files = Files.isDirectory(path) ? Walk.files(path, rel, ignore, pool) : List.of();
        if (!files.isEmpty() && treeHash(rel, files).equals(out.md5())) {
            return files.size();
        }
        if (!repo.cache().contains(out.md5())) {
            throw missing(out.md5(), rel, dvcRel);
        }
        if (!objectIntact(out.md5())) {
            throw corrupt(out.md5(), rel, dvcRel);
        }
        List<DirEntry> entries = DirObject.parse(Files.readAllBytes(repo.cache().objectPath(out.md5())), out.md5());
        Map<String, String> current = new HashMap<>();
        entries(rel, files).forEach(e -> current.put(e.relpath(), e.md5()));
        int same = 0;
        for (DirEntry e : entries) {
            String now = current.remove(e.relpath());
            Path target = path.resolve(e.relpath());
            if (e.md5().equals(now)) {
                same++;
                continue;
            }
            if (now != null || (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(target))) {
                changed.add(rel + "/" + e.relpath());
            }
            plan.add(new Planned(rel + "/" + e.relpath(), target, e.md5(), false, dvcRel));
        }
        current.keySet().stream().sorted().forEach(f -> extra.add(rel + "/" + f));
        return same;
    }

    private int planFile(Planned p, List<Planned> plan, List<String> changed) throws IOException {
        FileInfo info = Files.isRegularFile(p.target) ? FileInfo.stat(p.target, p.rel) : null;
        if (info != null) {
            String md5 = hashAll(List.of(info), "", false, ProgressListener.NONE)[0];
            if (md5.equals(p.oid)) {
                return 1;
            }
            changed.add(p.rel);
        } else if (Files.exists(p.target, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(p.target)) {
            changed.add(p.rel);
        }
        plan.add(p);
        return 0;
    }

    private void verify(List<Planned> plan) throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> corrupt = new ArrayList<>();
        Map<String, Boolean> checked = new HashMap<>();
        for (Planned p : plan) {
            Boolean ok = checked.get(p.oid);
            if (ok == null) {
                if (!repo.cache().contains(p.oid)) {
                    missing.add(p.oid + " (" + p.rel + ", in " + p.dvcFile + ")");
                    ok = false;
                } else {
                    ok = objectIntact(p.oid);
                    if (!ok) {
                        corrupt.add(p.oid + " (" + p.rel + ", in " + p.dvcFile + ") at " + repo.cache().objectPath(p.oid));
                    }
                }
                checked.put(p.oid, ok);
            }
        }
        if (!missing.isEmpty()) {
            throw CapstanException.notFound("%d object(s) missing from the cache %s: %s. Run `capstan data pull` to fetch "
                    + "them from a remote; nothing was checked out", missing.size(), repo.cache().dir(), summary(missing));
        }
        if (!corrupt.isEmpty()) {
            throw new CapstanException(ErrorCode.INVALID_STATE, String.format("%d cache object(s) are corrupted (their "
                    + "content does not match their md5): %s. Delete them and run `capstan data pull`; nothing was "
                    + "checked out", corrupt.size(), summary(corrupt)));
        }
    }

    private CapstanException missing(String oid, String rel, String dvcRel) {
        return CapstanException.notFound("Cache object md5 %s for '%s' (in %s) is missing: expected at %s. Run "
                + "`capstan data pull` to fetch it from a remote", oid, rel, dvcRel, repo.cache().objectPath(oid));
    }

    private CapstanException corrupt(String oid, String rel, String dvcRel) {
        return new CapstanException(ErrorCode.INVALID_STATE, String.format("Cache object %s for '%s' (in %s) is "
                + "corrupted: its content does not match its md5. Delete %s and run `capstan data pull`",
                oid, rel, dvcRel, repo.cache().objectPath(oid)));
    }

    private void runOnPool(Runnable work) {
        try {
            pool.submit(work).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Interrupted", e);
        }
    }

    private static String summary(List<String> items) {
        return items.size() <= 5 ? String.join(", ", items)
                : String.join(", ", items.subList(0, 5)) + " and " + (items.size() - 5) + " more";
    }

}
