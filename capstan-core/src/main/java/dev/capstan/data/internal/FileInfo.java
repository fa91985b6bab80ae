package dev.capstan.data.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.concurrent.TimeUnit;

/**
 * One stat of a workspace file: what the hash cache keys on, and whether it is executable.
 *
 * @param relpath path inside the walked directory (posix), or the file name for a single file
 */
public record FileInfo(Path path, String relpath, long size, long mtimeNanos, long fileId, boolean executable) {

    /** Stats {@code path}, following symbolic links; null when it does not exist. */
    public static FileInfo stat(Path path, String relpath) throws IOException {
        try {
            return of(path, relpath, Files.readAttributes(path, PosixFileAttributes.class));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static FileInfo of(Path path, String relpath, BasicFileAttributes attrs) {
        boolean exec = attrs instanceof PosixFileAttributes posix
                && posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE);
        return new FileInfo(path, relpath, attrs.size(), attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS),
                fileId(attrs.fileKey()), exec);
    }

    /**
     * The file's identity: the hash of the JDK's file key (device and inode), which changes when a file is
     * replaced by another; 0 when the file system has no such key.
     */
    static long fileId(Object fileKey) {
        return fileKey == null ? 0 : fileKey.hashCode();
    }
}
