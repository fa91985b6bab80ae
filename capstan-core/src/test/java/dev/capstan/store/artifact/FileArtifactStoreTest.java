package dev.capstan.store.artifact;

import dev.capstan.ErrorCode;
import dev.capstan.store.artifact.internal.FileArtifactStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FileArtifactStoreTest extends ArtifactStoreContractTest {

    @TempDir
    Path temp;

    Path root;

    @Override
    protected ArtifactStore newStore() {
        root = temp.resolve("artifacts");
        return new FileArtifactStore(root);
    }

    @Test
    void theRootIsCreatedOnFirstWrite() throws IOException {
        Path nested = temp.resolve("not/yet/there");
        ArtifactStore lazy = new FileArtifactStore(nested);
        assertThat(lazy.list("")).isEmpty();
        assertCode(() -> lazy.open("a.txt"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "a.txt");
        lazy.delete("a.txt");
        assertThat(nested).doesNotExist();
        lazy.put("a.txt", new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
        assertThat(nested.resolve("a.txt")).hasContent("x");
        assertThat(lazy.root()).isEqualTo(nested.toUri());
    }

    @Test
    void theFileLandsUnderItsNameWithNoTemporaryFileLeft() throws IOException {
        put("dir/file.txt", "content");
        try (Stream<Path> files = Files.list(root.resolve("dir"))) {
            assertThat(files).containsExactly(root.resolve("dir/file.txt"));
        }
        assertThat(root.resolve("dir/file.txt")).hasContent("content");
    }

    @Test
    void aFailedWriteLeavesNoTemporaryFileOnDisk() throws IOException {
        put("dir/keep.txt", "k");
        try {
            put("dir/file.bin", new FailingStream(1024 * 1024));
        } catch (RuntimeException expected) {
            // the contract test checks the exception
        }
        try (Stream<Path> files = Files.list(root.resolve("dir"))) {
            assertThat(files).containsExactly(root.resolve("dir/keep.txt"));
        }
    }

    @Test
    void leftoversOfAKilledWriteAreHidden() throws IOException {
        put("dir/file.txt", "whole");
        Files.writeString(root.resolve("dir/" + ArtifactPaths.TEMP_PREFIX + "123"), "half");
        assertThat(store.list("dir")).containsExactly(ArtifactFile.file("dir/file.txt", 5));
        assertCode(() -> store.open("dir/" + ArtifactPaths.TEMP_PREFIX + "123"),
                ErrorCode.INVALID_PARAMETER_VALUE, "reserved");
        store.delete("dir");
        assertThat(root.resolve("dir")).doesNotExist();
    }

    @Test
    void writingBelowAFileIsInvalid() {
        put("file.txt", "x");
        assertCode(() -> put("file.txt/child.txt", "y"), ErrorCode.INVALID_PARAMETER_VALUE, "a parent of it is a file");
    }

    @Test
    void openingBelowAFileOrASpecialFileIsNotFound() throws Exception {
        put("file.txt", "x");
        assertCode(() -> store.open("file.txt/child"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "file.txt/child");
        assertThat(store.list("file.txt/child")).isEmpty();
        store.delete("file.txt/child");
        Process mkfifo = new ProcessBuilder("mkfifo", root.resolve("pipe").toString()).start();
        if (mkfifo.waitFor() == 0) {
            assertCode(() -> store.open("pipe"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "pipe");
        }
    }

    @Test
    void symbolicLinksCannotLeadOutOfTheRoot() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        put("inside.txt", "x");
        Files.createSymbolicLink(root.resolve("dirlink"), outside);
        Files.createSymbolicLink(root.resolve("filelink"), outside.resolve("secret.txt"));

        assertCode(() -> store.open("dirlink/secret.txt"), ErrorCode.INVALID_PARAMETER_VALUE, "symbolic link");
        assertCode(() -> store.open("filelink"), ErrorCode.INVALID_PARAMETER_VALUE, "symbolic link");
        assertCode(() -> store.list("dirlink"), ErrorCode.INVALID_PARAMETER_VALUE, "symbolic link");
        assertCode(() -> put("dirlink/planted.txt", "evil"), ErrorCode.INVALID_PARAMETER_VALUE, "symbolic link");
        assertCode(() -> put("dirlink/new/planted.txt", "evil"), ErrorCode.INVALID_PARAMETER_VALUE, "symbolic link");
        assertCode(() -> store.delete("dirlink"), ErrorCode.INVALID_PARAMETER_VALUE, "symbolic link");
        assertCode(() -> store.delete("filelink"), ErrorCode.INVALID_PARAMETER_VALUE, "symbolic link");

        assertThat(store.list("")).containsExactly(ArtifactFile.file("inside.txt", 1));
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files).containsExactly(outside.resolve("secret.txt"));
        }
        assertThat(outside.resolve("secret.txt")).hasContent("secret");
    }

    @Test
    void symbolicLinksWithinTheRootWork() throws IOException {
        put("real/data.txt", "data");
        Files.createSymbolicLink(root.resolve("alias"), root.resolve("real"));
        assertThat(read("alias/data.txt")).isEqualTo("data");
        assertThat(store.list("")).containsExactly(ArtifactFile.dir("alias"), ArtifactFile.dir("real"));
        store.delete("alias");
        assertThat(read("real/data.txt")).isEqualTo("data");
    }

    @Test
    void aRootThatIsItselfALinkWorks() throws IOException {
        Path real = Files.createDirectories(temp.resolve("real-root"));
        Path link = Files.createSymbolicLink(temp.resolve("link-root"), real);
        ArtifactStore linked = new FileArtifactStore(link);
        linked.put("a/b.txt", new ByteArrayInputStream("b".getBytes(StandardCharsets.UTF_8)));
        assertThat(linked.list("a")).containsExactly(ArtifactFile.file("a/b.txt", 1));
        assertThat(real.resolve("a/b.txt")).hasContent("b");
    }
}
