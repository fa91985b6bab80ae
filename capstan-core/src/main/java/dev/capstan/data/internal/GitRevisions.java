package dev.capstan.data.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads files as they are at a git revision, through the {@code git} command: {@code rev-parse} to resolve it,
 * {@code ls-tree -r} to list it and one {@code cat-file --batch} for the contents. Paths are relative to
 * {@code dir} (the DVC root, which may be a subdirectory of the git work tree), with {@code /} separators.
 */
public final class GitRevisions {

    private GitRevisions() {
    }

    /** Whether {@code dir} is inside a git work tree. */
    public static boolean insideWorkTree(Path dir) {
        Result r = run(dir, null, "git", "rev-parse", "--is-inside-work-tree");
        return r.exit == 0 && r.text().strip().equals("true");
    }

    /** Whether the repository has at least one commit (DVC's {@code scm.no_commits} is the opposite). */
    public static boolean hasCommits(Path dir) {
        return resolve(dir, "HEAD") != null;
    }

    /** The commit {@code rev} names, or null when git does not know it. */
    public static String resolve(Path dir, String rev) {
        if (rev.startsWith("-")) {
            return null;
        }
        Result r = run(dir, null, "git", "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}");
        return r.exit == 0 ? r.text().strip() : null;
    }

    /** The regular files of {@code commit} below {@code dir} whose path {@code wanted} accepts, with their bytes. */
    public static Map<String, byte[]> read(Path dir, String commit, Predicate<String> wanted) {
        Result tree = run(dir, null, "git", "ls-tree", "-r", "-z", commit);
        if (tree.exit != 0) {
            throw new IllegalStateException("git ls-tree " + commit + " failed: " + tree.err.strip());
        }
        List<String> paths = new ArrayList<>();
        StringBuilder request = new StringBuilder();
        for (String line : tree.text().split("\0")) {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                continue;
            }
            String[] meta = line.substring(0, tab).split(" ");
            String path = line.substring(tab + 1);
            // 100644 / 100755 blobs only: no symbolic links (120000) or submodules
            boolean regular = meta.length == 3 && meta[1].equals("blob")
                    && (meta[0].equals("100644") || meta[0].equals("100755"));
            if (regular && wanted.test(path)) {
                paths.add(path);
                request.append(meta[2]).append('\n');
            }
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (paths.isEmpty()) {
            return files;
        }
        Result batch = run(dir, request.toString().getBytes(StandardCharsets.US_ASCII), "git", "cat-file", "--batch");
        if (batch.exit != 0) {
            throw new IllegalStateException("git cat-file --batch failed: " + batch.err.strip());
        }
        byte[] out = batch.out;
        int at = 0;
        for (String path : paths) {
            int eol = indexOf(out, (byte) '\n', at);
            String[] header = new String(out, at, eol - at, StandardCharsets.US_ASCII).split(" ");
            if (header.length != 3) {
                throw new IllegalStateException("git cat-file --batch: unexpected header for " + path);
            }
            int size = Integer.parseInt(header[2]);
            byte[] content = java.util.Arrays.copyOfRange(out, eol + 1, eol + 1 + size);
            files.put(path, content);
            at = eol + 1 + size + 1;
        }
        return files;
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalStateException("git cat-file --batch: truncated output");
    }

    private record Result(int exit, byte[] out, String err) {
        String text() {
            return new String(out, StandardCharsets.UTF_8);
        }
    }

    /** Runs git in {@code dir}; stdin is written and stderr read on their own threads, so no pipe fills up. */
    private static Result run(Path dir, byte[] stdin, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
            Thread writer = new Thread(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                } catch (IOException e) {
                    // git exited early; its exit code and stderr tell why
                }
            }, "git-stdin");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> drain(p.getErrorStream(), err), "git-stderr");
            writer.start();
            errReader.start();
            byte[] out = p.getInputStream().readAllBytes();
            int exit = p.waitFor();
            writer.join();
            errReader.join();
            return new Result(exit, out, err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run git: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running git", e);
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream to) {
        try {
            in.transferTo(to);
        } catch (IOException e) {
            // the process is gone; what was read is kept
        }
    }
}
