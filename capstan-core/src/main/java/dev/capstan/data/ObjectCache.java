package dev.capstan.data;

import dev.capstan.data.internal.AtomicFiles;
import dev.capstan.data.internal.Md5;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * DVC 3's local object cache: content-addressed objects under {@code <cache>/files/md5/<2 hex>/<30 hex>}
 * (directory objects keep their {@code .dir} suffix), made read-only (0444) as DVC does. Objects enter the cache
 * only under a temporary name first and are renamed into place complete, so a killed process never leaves an
 * object whose content does not match its name. Thread-safe.
 */
public final class ObjectCache {

    private static final long PARALLEL_COPY_SIZE = 16L << 20;
    private static final ExecutorService COPIER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "capstan-cache-copy");
        t.setDaemon(true);
        return t;
    });
    private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");
    private static final Set<PosixFilePermission> WRITABLE = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path dir;
    private final Path filesDir;
    private final AtomicBoolean reflinkFailed = new AtomicBoolean();
    private final Set<Path> knownDirectories = ConcurrentHashMap.newKeySet();

    public ObjectCache(Path dir) {
        this.dir = dir;
        this.filesDir = dir.resolve("files").resolve("md5");
    }

    /** The cache directory ({@code .dvc/cache} unless {@code cache.dir} says otherwise). */
    public Path dir() {
        return dir;
    }

    /** Where the object {@code oid} lives. */
    public Path objectPath(String oid) {
        return filesDir.resolve(oid.substring(0, 2)).resolve(oid.substring(2));
    }

    public boolean contains(String oid) {
        return Files.isRegularFile(objectPath(oid));
    }

    /** A fresh temporary name inside the cache, for content whose hash is not yet known. */
    public Path stagingFile() throws IOException {
        Files.createDirectories(filesDir);
        return AtomicFiles.tempBeside(filesDir.resolve("staging"));
    }

    /** A fresh temporary name beside where {@code oid} goes, so that {@link #commit} renames within a directory. */
    public Path stagingFileFor(String oid) throws IOException {
        Path target = objectPath(oid);
        ensureDirectory(target.getParent());
        return AtomicFiles.tempBeside(target);
    }

    /**
     * Writes a small object straight into its own directory, created read-only (no chmod), renamed in the same
     * directory (no cross-directory rename, which the kernel serializes); nothing is written if it exists.
     */
    private void putSmall(String oid, ByteBuffer bytes) throws IOException {
        Path target = objectPath(oid);
        if (Files.isRegularFile(target)) {
            return;
        }
        ensureDirectory(target.getParent());
        Path temp = AtomicFiles.tempBeside(target);
        try {
            try (FileChannel out = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(READ_ONLY))) {
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            AtomicFiles.rename(temp, target);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteQuietly(temp);
            throw e;
        }
    }

    /** Creates a directory once per run, instead of a mkdir per object. */
    private void ensureDirectory(Path directory) throws IOException {
        if (!knownDirectories.contains(directory)) {
            Files.createDirectories(directory);
            knownDirectories.add(directory);
        }
    }

    /** Moves a complete temporary file into place as {@code oid}, read-only; drops it if the object exists. */
    public void commit(Path temp, String oid) throws IOException {
        Path target = objectPath(oid);
        if (Files.isRegularFile(target)) {
            Files.delete(temp);
            return;
        }
        ensureDirectory(target.getParent());
        protect(temp);
        AtomicFiles.rename(temp, target);
    }

    /** Stores {@code bytes} (e.g. a {@code .dir} object) as {@code oid} unless present. */
    public void put(String oid, byte[] bytes) throws IOException {
        Path target = objectPath(oid);
        if (Files.isRegularFile(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path temp = AtomicFiles.tempBeside(target);
        try {
            Files.write(temp, bytes);
            protect(temp);
            AtomicFiles.rename(temp, target);
        } finally {
            AtomicFiles.deleteQuietly(temp);
        }
    }

    /**
     * Adds {@code source} to the cache: reflinked when {@code reflink}, the file is big and the file system supports
     * it, copied otherwise, hashing the bytes in the same pass. Small files are always copied: that costs less than
     * the process that makes a reflink, and reads the same. The caller checks that the source did not change
     * meanwhile (size and mtime). Returns the md5 of what was stored.
     */
    public String add(Path source, boolean reflink) throws IOException {
        ByteBuffer small = Md5.readSmall(source);
        if (small != null) {
            String md5 = Md5.of(small);
            putSmall(md5, small);
            return md5;
        }
        Path temp = stagingFile();
        try {
            String md5;
            if (reflink && reflink(source, temp)) {
                md5 = Md5.of(source);
            } else if (Files.size(source) >= PARALLEL_COPY_SIZE) {
                md5 = hashWhileCopying(source, temp);
            } else {
                md5 = Md5.hashAndCopy(source, temp);
            }
            commit(temp, md5);
            return md5;
        } finally {
            AtomicFiles.deleteQuietly(temp);
        }
    }

    /** For big files: an in-kernel copy on a second thread while this one hashes, so both take the time of one. */
    private static String hashWhileCopying(Path source, Path temp) throws IOException {
        CompletableFuture<Void> copy = CompletableFuture.runAsync(() -> {
            try {
                copy(source, temp, READ_ONLY);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, COPIER);
        String md5 = Md5.of(source);
        try {
            copy.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        }
        if (Files.size(temp) != Files.size(source)) {
            throw new IOException(source + " changed while it was being copied into the cache");
        }
        return md5;
    }

    /**
     * For {@code cache.type = hardlink}: the object becomes a hard link to {@code source} itself (already hashed as
     * {@code md5}), so nothing is copied; like DVC's hardlinked workspace, the file is read-only afterwards.
     */
    public void addAsHardlink(Path source, String md5) throws IOException {
        Path target = objectPath(md5);
        if (Files.isRegularFile(target)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path temp = AtomicFiles.tempBeside(target);
        try {
            Files.createLink(temp, source);
            protect(temp);
            AtomicFiles.rename(temp, target);
        } finally {
            AtomicFiles.deleteQuietly(temp);
        }
    }

    /** The md5 of the object's bytes, to compare with its name. */
    public String actualMd5(String oid) throws IOException {
        return oid.endsWith(DirObject.SUFFIX) ? Md5.of(Files.readAllBytes(objectPath(oid))) + DirObject.SUFFIX : Md5.of(objectPath(oid));
    }

    /**
     * Puts the object at {@code target} (replacing what is there, atomically) with the first link type that works.
     * Copies and reflinks are writable (reflinks only of big objects, as in {@link #add}); hard and symbolic links
     * point at the read-only object.
     */
    public void link(String oid, Path target, List<LinkType> types, boolean executable) throws IOException {
        Path object = objectPath(oid);
        ensureDirectory(target.getParent());
        Set<PosixFilePermission> writable = executable ? EXECUTABLE : WRITABLE;
        IOException last = null;
        for (LinkType type : types) {
            Path temp = AtomicFiles.tempBeside(target);
            try {
                if (type == LinkType.COPY || (type == LinkType.REFLINK && Files.size(object) <= Md5.SMALL)) {
                    copy(object, temp, writable);
                } else if (!create(type, object, temp)) {
                    continue;
                } else if (type == LinkType.REFLINK) {
                    Files.setPosixFilePermissions(temp, writable);
                }
                AtomicFiles.rename(temp, target);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                AtomicFiles.deleteQuietly(temp);
                last = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }
        throw new IOException("No cache.type of " + types + " works for " + target
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    private boolean create(LinkType type, Path object, Path temp) throws IOException {
        switch (type) {
            case REFLINK:
                return reflink(object, temp);
            case HARDLINK:
                Files.createLink(temp, object);
                return true;
            default:
                Files.createSymbolicLink(temp, object);
                return true;
        }
    }

    /** Copies in the kernel to a new file created with {@code permissions} (less the umask), so no chmod follows. */
    private static void copy(Path source, Path target, Set<PosixFilePermission> permissions) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                     PosixFilePermissions.asFileAttribute(permissions))) {
            long size = in.size();
            long done = 0;
            while (done < size) {
                long n = in.transferTo(done, size - done, out);
                if (n <= 0) {
                    break;
                }
                done += n;
            }
        }
    }

    /** A copy-on-write clone through {@code cp --reflink=always}; remembers the first failure and stops trying. */
    private boolean reflink(Path source, Path target) {
        if (reflinkFailed.get()) {
            return false;
        }
        try {
            Process p = new ProcessBuilder("cp", "--reflink=always", "--", source.toString(), target.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() == 0) {
                return true;
            }
        } catch (IOException e) {
            // no cp: treat as unsupported
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reflinkFailed.set(true);
        AtomicFiles.deleteQuietly(target);
        return false;
    }

    private static void protect(Path file) {
        try {
            Files.setPosixFilePermissions(file, READ_ONLY);
        } catch (IOException | UnsupportedOperationException e) {
            // as DVC: not being able to protect a cache file is not fatal
        }
    }

}
