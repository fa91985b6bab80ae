package dev.capstan.data.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * A 128-bit digest of what a set of stats says (path, size, mtime, file identity, executable bit): equal fingerprints mean
 * that, as far as the hash cache can tell, nothing changed, so the hash computed for that state still holds. The
 * entries are combined by addition, so the order of a parallel walk does not matter.
 */
public record StatFingerprint(long high, long low) {

    private static final long SEED_HIGH = 0x9e3779b97f4a7c15L;
    private static final long SEED_LOW = 0xc2b2ae3d27d4eb4fL;

    /** The fingerprint of a directory's files, as {@link Walk} lists them. */
    public static StatFingerprint of(List<FileInfo> files) {
        long high = files.size();
        long low = files.size();
        for (FileInfo f : files) {
            high += entry(SEED_HIGH, f);
            low += entry(SEED_LOW, f);
        }
        return new StatFingerprint(high, low);
    }

    /**
     * The fingerprint of the subdirectories of {@code dir} themselves (not their content): a directory's mtime
     * changes whenever an entry is added to or removed from it, so for the object cache's {@code xx/} prefix
     * directories an equal fingerprint means that no object came or went.
     */
    public static StatFingerprint ofSubdirectories(Path dir) throws IOException {
        long high = 0;
        long low = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                FileInfo info = FileInfo.of(entry, entry.getFileName().toString(),
                        Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                high += entry(SEED_HIGH, info);
                low += entry(SEED_LOW, info);
            }
        } catch (NoSuchFileException e) {
            return new StatFingerprint(0, 0);
        }
        return new StatFingerprint(high, low);
    }

    private static long entry(long seed, FileInfo f) {
        long h = seed;
        for (int i = 0; i < f.relpath().length(); i++) {
            h = mix(h + f.relpath().charAt(i));
        }
        h = mix(h + f.size());
        h = mix(h + f.mtimeNanos());
        h = mix(h + f.fileId());
        return mix(h + (f.executable() ? 1 : 0));
    }

    /** SplitMix64's finalizer: every input bit affects every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
