package dev.capstan.data;

import dev.capstan.CapstanException;
import dev.capstan.data.internal.DvcIgnore;
import dev.capstan.data.internal.GitRevisions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * {@code dvc diff}: what changed in the data tracked by {@code .dvc} files between two git revisions, or between a
 * revision and the workspace. A revision's {@code .dvc} files are read with git; its directories expand to their
 * files through their {@code .dir} objects in the cache (a directory whose object is absent is compared as a whole,
 * as DVC does). The workspace side hashes the tracked files as they are now, through the hash cache. Files that
 * went away and came back with the same hash elsewhere are reported as renamed (dvc-data's pairing: both sides in
 * path order). Against the workspace, objects of the old revision that the cache lacks are listed as not in cache.
 * One instance serves one command; not thread-safe.
 */
public final class DataDiff {

    /**
     * One line of a diff. Directories end with {@code /}. Added: {@code newPath}, {@code newHash}; deleted and not in
     * cache: {@code oldPath}, {@code oldHash}; modified: both paths (equal) and both hashes; renamed: both paths and
     * both hashes (equal).
     */
    public record Change(String oldPath, String newPath, String oldHash, String newHash) {

        /** The path DVC shows and sorts by: the old one when there is one. */
        public String path() {
            return oldPath != null ? oldPath : newPath;
        }

        public boolean isDir() {
            return path().endsWith("/");
        }
    }

    /** A diff, each list sorted by {@link Change#path()} in code point order; {@code notInCache} is empty between revisions. */
    public record Result(List<Change> added, List<Change> deleted, List<Change> modified, List<Change> renamed,
                         List<Change> notInCache) {

        public Result {
            added = sorted(added);
            deleted = sorted(deleted);
            modified = sorted(modified);
            renamed = sorted(renamed);
            notInCache = sorted(notInCache);
        }

        static Result empty() {
            return new Result(List.of(), List.of(), List.of(), List.of(), List.of());
        }

        /** True when there is nothing to show: DVC's diff then is {@code {}}. */
        public boolean isEmpty() {
            return added.isEmpty() && deleted.isEmpty() && modified.isEmpty() && renamed.isEmpty() && notInCache.isEmpty();
        }

        private static List<Change> sorted(List<Change> changes) {
            List<Change> copy = new ArrayList<>(changes);
            copy.sort(Comparator.comparing(Change::path, DirObject.CODE_POINT_ORDER));
            return List.copyOf(copy);
        }
    }

    /** A tracked output on one side: a file, or a directory whose files are null when its object is unavailable. */
    private record Node(boolean dir, String hash, Map<String, String> files) {
    }

    /** The outputs that one side's {@code .dvc} files declare, and by which file. */
    private record Declared(Map<String, DvcFile.Output> outputs, Map<String, List<String>> byDvcFile) {
    }

    /** One entry being compared: a path from the root (no trailing {@code /}), whether a directory, its hash. */
    private record Item(String path, boolean dir, String hash) {
        String shown() {
            return dir ? path + "/" : path;
        }
    }

    private record Raw(String type, Item old, Item now) {
    }

    private static final String ADD = "add";
    private static final String DELETE = "delete";
    private static final String MODIFY = "modify";
    private static final String RENAME = "rename";
    private static final String UNCHANGED = "unchanged";

    private final DataRepo repo;
    private final Map<String, Map<String, String>> dirObjects = new HashMap<>();

    public DataDiff(DataRepo repo) {
        this.repo = repo;
    }

    /**
     * Compares {@code aRev} (git revision) with {@code bRev} (a revision, or the workspace when null).
     * {@code targets} (absolute paths: {@code .dvc} files, outputs, or paths inside tracked directories) narrow it;
     * all tracked data when empty.
     */
    public Result diff(String aRev, String bRev, List<Path> targets) {
        if (repo.noScm()) {
            throw CapstanException.invalid("Only supported for Git repositories: %s has core.no_scm = True in .dvc/config "
                    + "(initialized with --no-scm), so there are no revisions to compare. If you're seeing this error in "
                    + "a Git repo, set core.no_scm to false in .dvc/config", repo.root());
        }
        if (!GitRevisions.insideWorkTree(repo.root())) {
            throw CapstanException.invalid("%s is not inside a git work tree: diff compares git revisions", repo.root());
        }
        if (!GitRevisions.hasCommits(repo.root())) {
            return Result.empty();
        }
        String a = commit(aRev);
        String b = bRev == null ? null : commit(bRev);
        if (a.equals(b)) {
            return Result.empty();
        }
        List<String> wanted = targets.stream().map(this::targetKey).toList();
        Declared oldDeclared = declaredAt(aRev, a);
        Declared newDeclared = b == null ? declaredInWorkspace() : declaredAt(bRev, b);
        NavigableSet<String> roots = roots(wanted, oldDeclared, newDeclared);
        Map<String, Node> old = revisionNodes(oldDeclared, roots);
        Map<String, Node> now = b == null ? workspaceNodes(newDeclared, roots) : revisionNodes(newDeclared, roots);
        return compare(roots, old, now, b == null);
    }

    private String commit(String rev) {
        String sha = GitRevisions.resolve(repo.root(), rev);
        if (sha == null) {
            throw CapstanException.invalid("unknown Git revision '%s'", rev);
        }
        return sha;
    }

    /** A target as a path from the root, posix, without a trailing slash ({@code ""} for the root itself). */
    private String targetKey(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        if (!abs.startsWith(repo.root())) {
            throw CapstanException.invalid("'%s' is outside the repository %s", target, repo.root());
        }
        return repo.relative(abs);
    }

    // ---------------------------------------------------------------- what each side tracks

    private Declared declaredAt(String rev, String commit) {
        Map<String, byte[]> files = GitRevisions.read(repo.root(), commit,
                p -> p.equals(".dvcignore") || (isDvcFileName(p) && !p.startsWith(".dvc/") && !p.startsWith(".git/")));
        byte[] ignoreBytes = files.remove(".dvcignore");
        DvcIgnore ignore = ignoreBytes == null ? DvcIgnore.parse(List.of())
                : DvcIgnore.parse(new String(ignoreBytes, StandardCharsets.UTF_8).lines().toList());
        List<DvcFile> dvcFiles = new ArrayList<>();
        files.forEach((path, bytes) -> {
            if (!ignored(ignore, path)) {
                try {
                    dvcFiles.add(DvcFile.parse(repo.root().resolve(path), new String(bytes, StandardCharsets.UTF_8)));
                } catch (CapstanException e) {
                    throw new CapstanException(e.code(), "at revision " + rev + ": " + e.getMessage(), e);
                }
            }
        });
        return declared(dvcFiles);
    }

    private Declared declaredInWorkspace() {
        try (DataVersioning data = new DataVersioning(repo)) {
            return declared(data.dvcFiles());
        }
    }

    private Declared declared(List<DvcFile> dvcFiles) {
        Map<String, DvcFile.Output> outputs = new TreeMap<>(DirObject.CODE_POINT_ORDER);
        Map<String, List<String>> byFile = new HashMap<>();
        for (DvcFile file : dvcFiles) {
            List<String> keys = new ArrayList<>();
            for (DvcFile.Output out : file.outs()) {
                Path abs = file.outputPath(out);
                if (abs.startsWith(repo.root()) && !abs.equals(repo.root())) {
                    String key = repo.relative(abs);
                    outputs.put(key, out);
                    keys.add(key);
                }
            }
            byFile.put(repo.relative(file.file()), keys);
        }
        return new Declared(outputs, byFile);
    }

    private static boolean isDvcFileName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(DvcFile.SUFFIX) && name.length() > DvcFile.SUFFIX.length();
    }

    private static boolean ignored(DvcIgnore ignore, String path) {
        if (ignore.isEmpty()) {
            return false;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (ignore.ignores(path.substring(0, slash), true)) {
                return true;
            }
        }
        return ignore.ignores(path, false);
    }

    /** DVC's data keys: every output, or what the targets name on either side; a target named on neither fails. */
    private static NavigableSet<String> roots(List<String> targets, Declared old, Declared now) {
        NavigableSet<String> roots = new TreeSet<>(DirObject.CODE_POINT_ORDER);
        if (targets.isEmpty() || targets.contains("")) {
            roots.addAll(old.outputs.keySet());
            roots.addAll(now.outputs.keySet());
            return roots;
        }
        for (String target : targets) {
            boolean found = collect(target, old, roots) | collect(target, now, roots);
            if (!found) {
                throw CapstanException.notFound("'%s' is not tracked at either side of the diff: no .dvc file names it "
                        + "or a directory containing it", target);
            }
        }
        return roots;
    }

    private static boolean collect(String target, Declared side, Set<String> roots) {
        List<String> outs = side.byDvcFile.get(target);
        if (outs != null) {
            roots.addAll(outs);
            return true;
        }
        for (String out : side.outputs.keySet()) {
            if (target.equals(out) || target.startsWith(out + "/")) {
                roots.add(target);
                return true;
            }
        }
        return false;
    }

    /** Whether {@code out} holds one of {@code roots} (is one, or a directory containing one). */
    private static boolean needed(String out, NavigableSet<String> roots) {
        if (roots.contains(out)) {
            return true;
        }
        String prefix = out + "/";
        String next = roots.ceiling(prefix);
        return next != null && next.startsWith(prefix);
    }

    // ---------------------------------------------------------------- the entries of each side

    private Map<String, Node> revisionNodes(Declared declared, NavigableSet<String> roots) {
        Map<String, Node> nodes = new HashMap<>();
        declared.outputs.forEach((key, out) -> {
            if (needed(key, roots)) {
                boolean dir = out.md5() != null ? out.isDir() : out.nfiles() != null;
                nodes.put(key, new Node(dir, out.md5(), dir && out.md5() != null ? dirObject(out.md5()) : null));
            }
        });
        return nodes;
    }

    /** A {@code .dir} object's files from the cache; null when it is absent or unreadable (DVC: unknown entries). */
    private Map<String, String> dirObject(String oid) {
        return dirObjects.computeIfAbsent(oid, o -> {
            if (!repo.cache().contains(o)) {
                return null;
            }
            try {
                Map<String, String> files = new HashMap<>();
                DirObject.parse(Files.readAllBytes(repo.cache().objectPath(o)), o)
                        .forEach(e -> files.put(e.relpath(), e.md5()));
                return files;
            } catch (IOException | CapstanException e) {
                return null;
            }
        });
    }

    /** The workspace as it is: each needed output hashed through the hash cache, as status and add hash it. */
    private Map<String, Node> workspaceNodes(Declared declared, NavigableSet<String> roots) {
        Map<String, Node> nodes = new HashMap<>();
        try (DataVersioning workspace = new DataVersioning(repo)) {
            for (String key : declared.outputs.keySet()) {
                if (needed(key, roots)) {
                    Node node = workspaceNode(workspace, key);
                    if (node != null) {
                        nodes.put(key, node);
                    }
                }
            }
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the workspace: " + e.getMessage(), e);
        }
    }

    private Node workspaceNode(DataVersioning workspace, String key) throws IOException {
        Path path = repo.root().resolve(key);
        if (Files.isDirectory(path)) {
            Map<String, String> byPath = workspace.hashDirectory(path, key);
            List<DirEntry> entries = new ArrayList<>(byPath.size());
            byPath.forEach((relpath, md5) -> entries.add(new DirEntry(relpath, md5)));
            return new Node(true, DirObject.hash(DirObject.bytes(entries)), byPath);
        }
        String md5 = workspace.hashFile(path, key);
        return md5 == null ? null : new Node(false, md5, null);
    }

    // ---------------------------------------------------------------- comparing

    private Result compare(Set<String> roots, Map<String, Node> old, Map<String, Node> now, boolean withMissing) {
        List<Raw> changes = new ArrayList<>();
        List<Item> visitedOld = new ArrayList<>();
        for (String root : roots) {
            visit(root, old, now, changes, visitedOld);
        }
        List<Change> notInCache = new ArrayList<>();
        if (withMissing) {
            for (Item item : visitedOld) {
                if (item.hash != null && !repo.cache().contains(item.hash)) {
                    notInCache.add(new Change(item.shown(), null, item.hash, null));
                }
            }
        }
        List<Change> added = new ArrayList<>();
        List<Change> deleted = new ArrayList<>();
        List<Change> modified = new ArrayList<>();
        List<Change> renamed = new ArrayList<>();
        for (Raw raw : detectRenames(changes)) {
            switch (raw.type) {
                case ADD -> added.add(new Change(null, raw.now.shown(), null, raw.now.hash));
                case DELETE -> deleted.add(new Change(raw.old.shown(), null, raw.old.hash, null));
                case MODIFY -> modified.add(new Change(raw.old.shown(), raw.old.shown(), raw.old.hash, raw.now.hash));
                default -> renamed.add(new Change(raw.old.shown(), raw.now.shown(), raw.old.hash, raw.old.hash));
            }
        }
        return new Result(added, deleted, modified, renamed, notInCache);
    }

    /** The entries under one root on each side: the root's own entry and, for directories, their files. */
    private record Level(Item entry, Map<String, String> files, boolean unknown) {
    }

    private static Level level(String root, Map<String, Node> nodes) {
        Node node = nodes.get(root);
        if (node != null) {
            Item entry = new Item(root, node.dir, node.hash);
            return new Level(entry, node.dir ? node.files : Map.of(), node.dir && node.files == null);
        }
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            String prefix = e.getKey() + "/";
            if (!root.startsWith(prefix) || !e.getValue().dir) {
                continue;
            }
            if (e.getValue().files == null) {
                return new Level(null, Map.of(), true);
            }
            String sub = root.substring(prefix.length());
            String md5 = e.getValue().files.get(sub);
            if (md5 != null) {
                return new Level(new Item(root, false, md5), Map.of(), false);
            }
            Map<String, String> below = new HashMap<>();
            e.getValue().files.forEach((rel, h) -> {
                if (rel.startsWith(sub + "/")) {
                    below.put(rel.substring(sub.length() + 1), h);
                }
            });
            return new Level(null, below, false);
        }
        return new Level(null, Map.of(), false);
    }

    private static void visit(String root, Map<String, Node> oldNodes, Map<String, Node> newNodes, List<Raw> changes,
                              List<Item> visitedOld) {
        Level old = level(root, oldNodes);
        Level now = level(root, newNodes);
        record(old.entry, now.entry, changes, visitedOld);
        if (old.unknown || now.unknown) {
            return; // a directory whose listing is unavailable: its files are unknown, as in dvc-data
        }
        Set<String> rels = new TreeSet<>(DirObject.CODE_POINT_ORDER);
        rels.addAll(old.files.keySet());
        rels.addAll(now.files.keySet());
        for (String rel : rels) {
            String o = old.files.get(rel);
            String n = now.files.get(rel);
            String path = root + "/" + rel;
            record(o == null ? null : new Item(path, false, o), n == null ? null : new Item(path, false, n), changes,
                    visitedOld);
        }
    }

    private static void record(Item old, Item now, List<Raw> changes, List<Item> visitedOld) {
        if (old == null && now == null) {
            return;
        }
        // dvc/repo/diff.py skips directory entries without a hash
        if ((old != null && old.dir && old.hash == null) || (now != null && now.dir && now.hash == null)) {
            return;
        }
        if (old != null) {
            visitedOld.add(old);
        }
        String type = old == null ? ADD : now == null ? DELETE
                : old.dir != now.dir || !java.util.Objects.equals(old.hash, now.hash) ? MODIFY : UNCHANGED;
        if (!type.equals(UNCHANGED)) {
            changes.add(new Raw(type, old, now));
        }
    }

    /** Keys compare part by part, as dvc-data sorts its tuple keys. */
    private static final Comparator<Item> KEY_ORDER = (a, b) -> {
        String[] x = a.path.split("/");
        String[] y = b.path.split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = DirObject.CODE_POINT_ORDER.compare(x[i], y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    };

    /** dvc-data's {@code _detect_renames}: each addition takes the first deletion (in key order) with its hash. */
    private static List<Raw> detectRenames(List<Raw> changes) {
        List<Raw> result = new ArrayList<>();
        List<Raw> added = new ArrayList<>();
        Map<String, Deque<Raw>> deletedByHash = new LinkedHashMap<>();
        List<Raw> deleted = new ArrayList<>();
        for (Raw raw : changes) {
            switch (raw.type) {
                case ADD -> added.add(raw);
                case DELETE -> deleted.add(raw);
                default -> result.add(raw);
            }
        }
        added.sort((a, b) -> KEY_ORDER.compare(a.now, b.now));
        deleted.sort((a, b) -> KEY_ORDER.compare(a.old, b.old));
        List<Raw> unmatched = new ArrayList<>();
        for (Raw d : deleted) {
            if (d.old.hash == null) {
                unmatched.add(d);
            } else {
                deletedByHash.computeIfAbsent(d.old.hash, h -> new ArrayDeque<>()).addLast(d);
            }
        }
        for (Raw a : added) {
            Deque<Raw> queue = a.now.hash == null ? null : deletedByHash.get(a.now.hash);
            if (queue != null && !queue.isEmpty()) {
                result.add(new Raw(RENAME, queue.pollFirst().old, a.now));
            } else {
                result.add(a);
            }
        }
        deletedByHash.values().forEach(result::addAll);
        result.addAll(unmatched);
        return result;
    }
}
