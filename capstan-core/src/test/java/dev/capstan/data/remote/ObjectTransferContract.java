package dev.capstan.data.remote;

import dev.capstan.data.DirEntry;
import dev.capstan.data.DirObject;
import dev.capstan.data.ObjectCache;
import dev.capstan.data.ProgressListener;
import dev.capstan.data.internal.Md5;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Push and fetch through one kind of remote, with real files; run against a local directory and S3 (s3proxy). */
abstract class ObjectTransferContract {

    @TempDir
    Path dir;

    ObjectCache source;
    String fileHash;
    String dirHash;
    List<String> dirFiles = new ArrayList<>();

    /** A new, empty remote. */
    abstract DataRemote remote();

    /** Replaces the bytes the remote holds for {@code hash} (to simulate corruption in storage). */
    abstract void corrupt(DataRemote remote, String hash) throws IOException;

    @BeforeEach
    void cacheWithAFileAndADirectory() throws IOException {
        source = new ObjectCache(dir.resolve("source/.dvc/cache"));
        fileHash = source.add(write("data.csv", "a,b\n1,2\n"), false);
        List<DirEntry> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String md5 = source.add(write("images/" + i + ".bin", "image " + i), false);
            entries.add(new DirEntry(i + ".bin", md5));
            dirFiles.add(md5);
        }
        byte[] listing = DirObject.bytes(entries);
        dirHash = DirObject.hash(listing);
        source.put(dirHash, listing);
    }

    @Test
    void pushSendsOnlyWhatIsMissingAndFetchRestoresIdenticalObjects() throws IOException {
        try (DataRemote remote = remote()) {
            ObjectTransfer.Result first = transfer(source, remote).push(List.of(fileHash, dirHash));
            ObjectTransfer.Result again = transfer(source, remote).push(List.of(fileHash, dirHash));

            assertThat(first.ok()).as(first.toString()).isTrue();
            assertThat(first.transferred()).isEqualTo(22);
            assertThat(again.transferred()).isZero();
            assertThat(again.skipped()).isEqualTo(22);
            assertThat(remote.contains(List.of(fileHash, dirHash, "0123456789abcdef0123456789abcdef")))
                    .containsExactlyInAnyOrder(fileHash, dirHash);

            ObjectCache fresh = new ObjectCache(dir.resolve("clone/.dvc/cache"));
            ObjectTransfer.Result fetched = transfer(fresh, remote).fetch(List.of(fileHash, dirHash));
            assertThat(fetched.ok()).as(fetched.toString()).isTrue();
            assertThat(fetched.transferred()).isEqualTo(22);
            for (String hash : allHashes()) {
                assertThat(fresh.objectPath(hash)).hasSameBinaryContentAs(source.objectPath(hash));
                assertThat(fresh.actualMd5(hash)).isEqualTo(hash);
            }
            assertThat(transfer(fresh, remote).fetch(List.of(fileHash, dirHash)).transferred()).isZero();
        }
    }

    @Test
    void aCorruptedRemoteObjectNeverEntersTheCache() throws IOException {
        try (DataRemote remote = remote()) {
            transfer(source, remote).push(List.of(fileHash));
            corrupt(remote, fileHash);

            ObjectCache fresh = new ObjectCache(dir.resolve("clone/.dvc/cache"));
            ObjectTransfer.Result result = transfer(fresh, remote).fetch(List.of(fileHash));

            assertThat(result.failed()).singleElement().asString().startsWith(fileHash + ": object " + fileHash)
                    .contains("is corrupted");
            assertThat(fresh.contains(fileHash)).isFalse();
            assertThat(stagingLeftovers(fresh)).isEmpty();
        }
    }

    @Test
    void whatNeitherSideHasIsReportedAndADirectoryIsNotPushedWithoutItsFiles() throws IOException {
        try (DataRemote remote = remote()) {
            Files.setPosixFilePermissions(source.objectPath(dirFiles.get(3)).getParent(),
                    PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.delete(source.objectPath(dirFiles.get(3)));

            ObjectTransfer.Result pushed = transfer(source, remote).push(List.of(dirHash));
            assertThat(pushed.missing()).containsExactly(dirFiles.get(3));
            assertThat(remote.contains(List.of(dirHash))).as("no listing of an incomplete directory").isEmpty();

            ObjectCache fresh = new ObjectCache(dir.resolve("clone/.dvc/cache"));
            ObjectTransfer.Result fetched = transfer(fresh, remote).fetch(List.of(dirHash, fileHash));
            assertThat(fetched.missing()).containsExactlyInAnyOrder(dirHash, fileHash);
            assertThat(fetched.failed()).isEmpty();
        }
    }

    private ObjectTransfer transfer(ObjectCache cache, DataRemote remote) {
        return new ObjectTransfer(cache, remote, 4, ProgressListener.NONE);
    }

    private List<String> allHashes() {
        List<String> all = new ArrayList<>(dirFiles);
        all.add(fileHash);
        all.add(dirHash);
        return all;
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve("work").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        assertThat(Md5.of(file)).hasSize(32);
        return file;
    }

    private static Set<Path> stagingLeftovers(ObjectCache cache) throws IOException {
        Path files = cache.dir().resolve("files/md5");
        if (!Files.isDirectory(files)) {
            return Set.of();
        }
        try (var paths = Files.list(files)) {
            return Set.copyOf(paths.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
    }
}
