package dev.capstan.data.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * MD5 of file content exactly as DVC 3's {@code hash: md5} (no end-of-line conversion), streamed with a 1 MiB buffer
 * per thread, optionally copying the bytes to a second file in the same pass; big files are read through memory
 * maps, which on Linux spares the kernel's copy per byte that {@code read(2)} makes (BENCHMARKS.md §5). Thread-safe.
 */
public final class Md5 {

    private static final int BUFFER = 1 << 20;
    private static final long MAPPED_SIZE = 8L << 20;
    private static final long MAP_CHUNK = 64L << 20;
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final ThreadLocal<ByteBuffer> BUFFERS = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER));
    private static final ThreadLocal<MessageDigest> DIGESTS = ThreadLocal.withInitial(Md5::newDigest);

    private Md5() {
    }

    public static String of(byte[] bytes) {
        MessageDigest md = DIGESTS.get();
        md.reset();
        return hex(md.digest(bytes));
    }

    public static String of(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size < MAPPED_SIZE) {
                return stream(in, null);
            }
            MessageDigest md = DIGESTS.get();
            md.reset();
            byte[] chunk = BUFFERS.get().array();
            for (long at = 0; at < size; at += MAP_CHUNK) {
                MappedByteBuffer map = in.map(FileChannel.MapMode.READ_ONLY, at, Math.min(MAP_CHUNK, size - at));
                while (map.hasRemaining()) {
                    int n = Math.min(chunk.length, map.remaining());
                    map.get(chunk, 0, n);
                    md.update(chunk, 0, n);
                }
            }
            return hex(md.digest());
        } catch (InternalError e) {
            // the JDK's report of SIGBUS: the file shrank under the map
            throw new IOException(file + " changed while it was being read", e);
        }
    }

    /** The md5 of {@code file}, whose bytes are also written to {@code copy} (created new) in the same pass. */
    public static String hashAndCopy(Path file, Path copy) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            return stream(in, out);
        }
    }

    private static String stream(FileChannel in, FileChannel out) throws IOException {
        MessageDigest md = DIGESTS.get();
        md.reset();
        ByteBuffer buffer = BUFFERS.get();
        while (true) {
            buffer.clear();
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            md.update(buffer.array(), 0, n);
            if (out != null) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        }
        return hex(md.digest());
    }

    /** The size of the per-thread buffer: files up to this size can be read whole with {@link #readSmall}. */
    public static final int SMALL = BUFFER;

    /**
     * Reads a file of at most {@link #SMALL} bytes whole into this thread's buffer and returns it (position 0,
     * limit = size), or null when it turns out to be larger. Valid until this thread's next call.
     */
    public static ByteBuffer readSmall(Path file) throws IOException {
        ByteBuffer buffer = BUFFERS.get();
        buffer.clear();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (in.read(buffer) < 0) {
                    buffer.flip();
                    return buffer;
                }
            }
            ByteBuffer probe = ByteBuffer.allocate(1);
            if (in.read(probe) >= 0) {
                return null;
            }
        }
        buffer.flip();
        return buffer;
    }

    /** The md5 of a buffer's remaining bytes (its position is left unchanged). */
    public static String of(ByteBuffer bytes) {
        MessageDigest md = DIGESTS.get();
        md.reset();
        md.update(bytes.array(), bytes.position(), bytes.remaining());
        return hex(md.digest());
    }

    static String hex(byte[] digest) {
        char[] chars = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            chars[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            chars[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(chars);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no MD5", e);
        }
    }
}
