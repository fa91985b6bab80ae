package dev.capstan.data.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the md5 of files by path, identity (device and inode), mtime (ns) and size, so that an unchanged file
 * is never read twice. Stored in {@code .dvc/tmp/capstan-hashes.bin} (DVC ignores that directory), a versioned
 * binary file: magic {@code CHC1}, version, entry count, then per entry the UTF-8 path, file identity, mtime, size
 * and the 16 md5 bytes. The same format keeps whole trees ({@link #trees}). Read on first use, so a command that
 * never asks costs nothing; a file that is unreadable or of another version is treated as empty. Saved atomically. Thread-safe.
 */
public final class HashCache {

    public static final String FILE_NAME = "capstan-hashes.bin";
    public static final String TREES_FILE_NAME = "capstan-trees.bin";
    private static final int MAGIC = 0x43484331;
    private static final int VERSION = 2;

    /** The md5 is kept as two longs: a million entries cost about 100 MB less than with hex strings. */
    private record Entry(long fileId, long mtimeNanos, long size, long md5High, long md5Low) {
    }

    private final Path file;
    private volatile Map<String, Entry> entries;
    private volatile boolean dirty;

    private HashCache(Path file) {
        this.file = file;
    }

    /** The hash cache of files in {@code tmpDir}; empty when absent or unreadable. */
    public static HashCache load(Path tmpDir) {
        return new HashCache(tmpDir.resolve(FILE_NAME));
    }

    /**
     * The cache of whole trees in {@code tmpDir}: a tracked directory's hash by the {@link StatFingerprint} of its
     * files (kept in the identity and mtime fields), so that an unchanged directory costs one stat per file.
     */
    public static HashCache trees(Path tmpDir) {
        return new HashCache(tmpDir.resolve(TREES_FILE_NAME));
    }

    private Map<String, Entry> entries() {
        Map<String, Entry> loaded = entries;
        if (loaded == null) {
            synchronized (this) {
                if (entries == null) {
                    entries = read(file);
                }
                loaded = entries;
            }
        }
        return loaded;
    }

    private static Map<String, Entry> read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return new ConcurrentHashMap<>();
            }
            int count = in.readInt();
            Map<String, Entry> entries = new ConcurrentHashMap<>(Math.max(16, count * 4 / 3 + 1));
            byte[] md5 = new byte[16];
            for (int i = 0; i < count; i++) {
                byte[] path = new byte[in.readUnsignedShort()];
                in.readFully(path);
                long fileId = in.readLong();
                long mtime = in.readLong();
                long size = in.readLong();
                in.readFully(md5);
                entries.put(new String(path, StandardCharsets.UTF_8), new Entry(fileId, mtime, size,
                        java.nio.ByteBuffer.wrap(md5).getLong(0), java.nio.ByteBuffer.wrap(md5).getLong(8)));
            }
            return entries;
        } catch (IOException e) {
            // absent, truncated or unreadable: start empty
            return new ConcurrentHashMap<>();
        }
    }

    /** The remembered md5 of {@code key} if its identity, mtime and size are unchanged, else null. */
    public String get(String key, long fileId, long mtimeNanos, long size) {
        Entry e = entries().get(key);
        return e != null && e.fileId == fileId && e.mtimeNanos == mtimeNanos && e.size == size ? hex(e) : null;
    }

    public void put(String key, long fileId, long mtimeNanos, long size, String md5) {
        Entry e = new Entry(fileId, mtimeNanos, size, Long.parseUnsignedLong(md5, 0, 16, 16),
                Long.parseUnsignedLong(md5, 16, 32, 16));
        if (!e.equals(entries().put(key, e))) {
            dirty = true;
        }
    }

    public int size() {
        return entries().size();
    }

    /** Writes the cache if anything changed (temporary file, then rename). */
    public void save() {
        if (!dirty) {
            return;
        }
        Path temp = AtomicFiles.tempBeside(file);
        try {
            Files.createDirectories(file.getParent());
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                var snapshot = Map.copyOf(entries());
                int count = (int) snapshot.keySet().stream().filter(k -> utf8Length(k) <= 0xffff).count();
                out.writeInt(count);
                for (var e : snapshot.entrySet()) {
                    byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
                    if (path.length > 0xffff) {
                        continue;
                    }
                    out.writeShort(path.length);
                    out.write(path);
                    out.writeLong(e.getValue().fileId);
                    out.writeLong(e.getValue().mtimeNanos);
                    out.writeLong(e.getValue().size);
                    out.writeLong(e.getValue().md5High);
                    out.writeLong(e.getValue().md5Low);
                }
            }
            AtomicFiles.rename(temp, file);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the hash cache " + file + ": " + e.getMessage(), e);
        } finally {
            AtomicFiles.deleteQuietly(temp);
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String hex(Entry e) {
        byte[] md5 = java.nio.ByteBuffer.allocate(16).putLong(e.md5High).putLong(e.md5Low).array();
        return Md5.hex(md5);
    }
}
