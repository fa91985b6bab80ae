package dev.capstan.store.artifact;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ArtifactStore} must do, run against each implementation with real storage behind it.
 */
abstract class ArtifactStoreContractTest {

    static final long LARGE = 50L * 1024 * 1024;

    protected ArtifactStore store;

    /** A new, empty store. */
    protected abstract ArtifactStore newStore() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @Test
    void putThenOpenReturnsTheContent() throws IOException {
        put("hello.txt", "hello, world");
        assertThat(read("hello.txt")).isEqualTo("hello, world");
    }

    @Test
    void emptyFilesAreFiles() throws IOException {
        put("empty.txt", "");
        assertThat(read("empty.txt")).isEmpty();
        assertThat(store.list("")).containsExactly(ArtifactFile.file("empty.txt", 0));
    }

    @Test
    void putCreatesNestedDirectories() {
        put("a/b/c.txt", "abc");
        assertThat(store.list("")).containsExactly(ArtifactFile.dir("a"));
        assertThat(store.list("a")).containsExactly(ArtifactFile.dir("a/b"));
        assertThat(store.list("a/b")).containsExactly(ArtifactFile.file("a/b/c.txt", 3));
    }

    @Test
    void listGivesDirectChildrenSortedWithSizesAndNames() {
        put("b.txt", "bb");
        put("a.txt", "a");
        put("c/d.txt", "dddd");
        put("c/e/f.txt", "f");
        assertThat(store.list("")).containsExactly(
                ArtifactFile.file("a.txt", 1), ArtifactFile.file("b.txt", 2), ArtifactFile.dir("c"));
        assertThat(store.list("c")).containsExactly(ArtifactFile.file("c/d.txt", 4), ArtifactFile.dir("c/e"));
        assertThat(store.list("c")).extracting(ArtifactFile::name).containsExactly("d.txt", "e");
        assertThat(store.list("c/e")).extracting(f -> f.relativeTo("c")).containsExactly("e/f.txt");
    }

    @Test
    void listNormalisesThePath() {
        put("a/b/c.txt", "abc");
        assertThat(store.list("a//b/")).isEqualTo(store.list("a/b")).hasSize(1);
        assertThat(store.list("./a/./b")).isEqualTo(store.list("a/b"));
    }

    @Test
    void listingAMissingDirectoryOrAFileIsEmpty() {
        put("file.txt", "x");
        assertThat(store.list("missing")).isEmpty();
        assertThat(store.list("missing/deeper")).isEmpty();
        assertThat(store.list("file.txt")).isEmpty();
    }

    @Test
    void listingAnEmptyStoreIsEmpty() {
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void siblingsWithACommonNamePrefixStayApart() {
        put("a/x.txt", "1");
        put("ab/y.txt", "22");
        put("a.txt", "333");
        assertThat(store.list("a")).containsExactly(ArtifactFile.file("a/x.txt", 1));
        store.delete("a");
        assertThat(store.list("")).containsExactly(ArtifactFile.file("a.txt", 3), ArtifactFile.dir("ab"));
    }

    @Test
    void putReplacesAnExistingFile() throws IOException {
        put("model.bin", "version one, longer");
        put("model.bin", "v2");
        assertThat(read("model.bin")).isEqualTo("v2");
        assertThat(store.list("")).containsExactly(ArtifactFile.file("model.bin", 2));
    }

    @Test
    void openingAMissingFileIsNotFoundNamingThePath() {
        put("dir/present.txt", "x");
        assertCode(() -> store.open("dir/missing.txt"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "dir/missing.txt");
        assertCode(() -> store.open("nowhere/missing.txt"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "nowhere/missing.txt");
    }

    @Test
    void openingADirectoryIsInvalid() {
        put("dir/file.txt", "x");
        assertCode(() -> store.open("dir"), ErrorCode.INVALID_PARAMETER_VALUE, "directory");
        assertCode(() -> store.open(""), ErrorCode.INVALID_PARAMETER_VALUE, "directory");
    }

    @Test
    void writingOverADirectoryOrTheRootIsInvalid() {
        put("dir/file.txt", "x");
        assertCode(() -> put("dir", "y"), ErrorCode.INVALID_PARAMETER_VALUE, "directory");
        assertCode(() -> put("", "y"), ErrorCode.INVALID_PARAMETER_VALUE, "file path is required");
        assertThat(store.list("dir")).containsExactly(ArtifactFile.file("dir/file.txt", 1));
    }

    @Test
    void deleteRemovesAFile() {
        put("a.txt", "a");
        put("b.txt", "b");
        store.delete("a.txt");
        assertThat(store.list("")).containsExactly(ArtifactFile.file("b.txt", 1));
        assertCode(() -> store.open("a.txt"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "a.txt");
    }

    @Test
    void deleteRemovesAWholeTree() {
        put("run/model/MLmodel", "flavors: {}");
        put("run/model/data/weights.bin", "0101");
        put("run/metrics.json", "{}");
        put("other.txt", "keep");
        store.delete("run");
        assertThat(store.list("")).containsExactly(ArtifactFile.file("other.txt", 4));
        assertThat(store.list("run")).isEmpty();
    }

    @Test
    void deletingAMissingPathIsNotAnError() {
        store.delete("never/written");
        store.delete("missing.txt");
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void deletingTheRootIsRefused() {
        put("keep.txt", "k");
        assertCode(() -> store.delete(""), ErrorCode.INVALID_PARAMETER_VALUE, "root");
        assertCode(() -> store.delete("./"), ErrorCode.INVALID_PARAMETER_VALUE, "root");
        assertThat(store.list("")).hasSize(1);
    }

    @Test
    void openStreamsWithoutReadingEverything() throws IOException {
        put("big.bin", new GeneratedStream(3L * 1024 * 1024, 7));
        try (InputStream in = store.open("big.bin")) {
            assertThat(in.readNBytes(10)).hasSize(10);
        }
    }

    @Test
    void largeContentStreamsThroughIntact() throws Exception {
        String expected = sha256(new GeneratedStream(LARGE, 42));
        put("model/large.bin", new GeneratedStream(LARGE, 42));
        assertThat(store.list("model")).containsExactly(ArtifactFile.file("model/large.bin", LARGE));
        try (InputStream in = store.open("model/large.bin")) {
            assertThat(sha256(in)).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "fails after {0} bytes")
    @ValueSource(longs = {0, 1024 * 1024, 20L * 1024 * 1024})
    void aFailedWriteLeavesNothingVisible(long failAfter) {
        assertThatThrownBy(() -> put("new/file.bin", new FailingStream(failAfter)))
                .hasRootCauseMessage(FailingStream.MESSAGE);
        assertCode(() -> store.open("new/file.bin"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "new/file.bin");
        assertThat(store.list("new")).isEmpty();
    }

    @ParameterizedTest(name = "fails after {0} bytes")
    @ValueSource(longs = {1024 * 1024, 20L * 1024 * 1024})
    void aFailedWriteKeepsThePreviousContent(long failAfter) throws IOException {
        put("model.bin", "the good version");
        assertThatThrownBy(() -> put("model.bin", new FailingStream(failAfter)))
                .hasRootCauseMessage(FailingStream.MESSAGE);
        assertThat(read("model.bin")).isEqualTo("the good version");
        assertThat(store.list("")).containsExactly(ArtifactFile.file("model.bin", 16));
    }

    @Test
    void concurrentWritersToOnePathLeaveOneWholeVersion() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String content = String.valueOf(i).repeat(100_000);
                writes.add(pool.submit(() -> put("shared.txt", content)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdown();
        }
        String content = read("shared.txt");
        assertThat(content).hasSize(100_000).matches(content.charAt(0) + "+");
        assertThat(store.list("")).containsExactly(ArtifactFile.file("shared.txt", 100_000));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "..", "../outside.txt", "a/../../outside.txt", "/etc/passwd", "C:/outside.txt", "a\\..\\..\\x",
            "%2e%2e/outside.txt", "%2E%2E%2Foutside.txt", "%252e%252e/outside.txt", "%25252e%25252e/x",
            "a%2f..%2f..%2fx", "%5c..%5cx", "a%00.txt", "a\u0000.txt", "a#/../x", "a;/x", "..;/x", "a?x=1",
            "a%23", "a%3b", ".capstan-tmp-x", "file:/etc/passwd"})
    void everyOperationRejectsUnsafePaths(String path) {
        put("inside.txt", "x");
        assertCode(() -> put(path, "evil"), ErrorCode.INVALID_PARAMETER_VALUE, "Invalid artifact path");
        assertCode(() -> store.open(path), ErrorCode.INVALID_PARAMETER_VALUE, "Invalid artifact path");
        assertCode(() -> store.list(path), ErrorCode.INVALID_PARAMETER_VALUE, "Invalid artifact path");
        assertCode(() -> store.delete(path), ErrorCode.INVALID_PARAMETER_VALUE, "Invalid artifact path");
        assertThat(store.list("")).containsExactly(ArtifactFile.file("inside.txt", 1));
    }

    @Test
    void harmlessPercentSignsAreKeptLiterally() throws IOException {
        put("100%/a%20b.txt", "x");
        assertThat(store.list("100%")).containsExactly(ArtifactFile.file("100%/a%20b.txt", 1));
        assertThat(read("100%/a%20b.txt")).isEqualTo("x");
    }

    // helpers

    protected void put(String path, String content) {
        put(path, new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }

    protected void put(String path, InputStream content) {
        store.put(path, content);
    }

    protected String read(String path) throws IOException {
        try (InputStream in = store.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    protected static void assertCode(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(CapstanException.class, e -> assertThat(e.code()).isEqualTo(code))
                .hasMessageContaining(messagePart);
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
                digesting.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** A deterministic pseudo-random stream of a given length that never exists in memory as a whole. */
    static class GeneratedStream extends InputStream {
        private final SplittableRandom random;
        private final byte[] block = new byte[64 * 1024];
        private int blockPosition = block.length;
        private long remaining;

        GeneratedStream(long size, long seed) {
            this.random = new SplittableRandom(seed);
            this.remaining = size;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            if (blockPosition == block.length) {
                random.nextBytes(block);
                blockPosition = 0;
            }
            int n = (int) Math.min(Math.min(len, remaining), block.length - blockPosition);
            System.arraycopy(block, blockPosition, b, off, n);
            blockPosition += n;
            remaining -= n;
            return n;
        }
    }

    /** Content whose sender goes away after some bytes, as a client that disconnects mid-upload. */
    static final class FailingStream extends GeneratedStream {
        static final String MESSAGE = "client went away";
        private long untilFailure;

        FailingStream(long failAfter) {
            super(Long.MAX_VALUE, 1);
            this.untilFailure = failAfter;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (untilFailure == 0) {
                throw new IOException(MESSAGE);
            }
            int n = super.read(b, off, (int) Math.min(len, untilFailure));
            untilFailure -= n;
            return n;
        }
    }
}
