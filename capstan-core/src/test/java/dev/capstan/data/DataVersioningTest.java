package dev.capstan.data;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.capstan.data.DataRepos.exec;
import static dev.capstan.data.DataRepos.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** add, status and checkout on real files in real git repositories, and every bad input refused unchanged. */
class DataVersioningTest {

    @TempDir
    Path dir;

    private DataRepo repo;

    private void addAll(Path... paths) {
        try (DataVersioning data = new DataVersioning(repo)) {
            data.add(List.of(paths), ProgressListener.NONE);
        }
    }

    private List<OutputStatus> status(Path... targets) {
        try (DataVersioning data = new DataVersioning(repo)) {
            return data.status(List.of(targets));
        }
    }

    private CheckoutResult checkout(boolean force, Path... targets) {
        try (DataVersioning data = new DataVersioning(repo)) {
            return data.checkout(List.of(targets), force, ProgressListener.NONE);
        }
    }

    private Path trackedDirectory() {
        repo = DataRepos.gitRepo(dir);
        Path images = dir.resolve("images");
        write(images.resolve("a.png"), "a");
        write(images.resolve("b.png"), "b");
        write(images.resolve("sub/c.png"), DataRepos.random(200_000, 3));
        return images;
    }

    @Test
    void statusIsCleanRightAfterAdd() {
        Path images = trackedDirectory();
        Path file = write(dir.resolve("data.csv"), "x,y\n1,2\n");
        addAll(images, file);

        assertThat(status()).extracting(OutputStatus::path, OutputStatus::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("data.csv", null),
                        org.assertj.core.groups.Tuple.tuple("images", null));
    }

    @Test
    void statusReportsModifiedDeletedAndNewFilesInATrackedDirectory() {
        Path images = trackedDirectory();
        Path file = write(dir.resolve("data.csv"), "x,y\n1,2\n");
        Path gone = write(dir.resolve("gone.txt"), "bye");
        addAll(images, file, gone);

        write(images.resolve("a.png"), "A changed");
        write(images.resolve("new/d.png"), "d");
        exec(dir, "rm", images.resolve("sub/c.png").toString(), gone.toString());
        write(file, "x,y\n1,3\n");

        Map<String, String> byPath = new TreeMap<>();
        status().forEach(s -> byPath.put(s.path(), s.status()));
        assertThat(byPath).containsExactly(Map.entry("data.csv", "modified"), Map.entry("gone.txt", "deleted"),
                Map.entry("images", "modified"));
        OutputStatus dirStatus = status(images).get(0);
        assertThat(dirStatus.dvcFile()).isEqualTo("images.dvc");
        assertThat(dirStatus.changes()).extracting(OutputStatus.Change::path, OutputStatus.Change::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("images/a.png", "modified"),
                org.assertj.core.groups.Tuple.tuple("images/new/d.png", "new"),
                org.assertj.core.groups.Tuple.tuple("images/sub/c.png", "deleted"));
    }

    @Test
    void anUnchangedDirectoryIsRecognisedByItsStatsAndChangesAreStillSeen() throws IOException {
        Path images = trackedDirectory();
        addAll(images);
        assertThat(status()).allMatch(OutputStatus::upToDate);
        assertThat(repo.tmpDir().resolve("capstan-trees.bin")).exists();

        // same size, new content and mtime: the remembered tree no longer matches
        write(images.resolve("a.png"), "A");
        assertThat(status(images).get(0).changes()).extracting(OutputStatus.Change::path)
                .containsExactly("images/a.png");
        write(images.resolve("a.png"), "a");
        assertThat(status()).allMatch(OutputStatus::upToDate);
        Files.move(images.resolve("b.png"), images.resolve("c.png"));
        assertThat(status(images).get(0).changes()).extracting(OutputStatus.Change::path, OutputStatus.Change::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("images/b.png", "deleted"),
                        org.assertj.core.groups.Tuple.tuple("images/c.png", "new"));
    }

    @Test
    void statusSeesAnObjectDeletedFromTheCacheAfterTheDirectoryWasFoundComplete() throws IOException {
        Path images = trackedDirectory();
        addAll(images);
        assertThat(status()).allMatch(OutputStatus::upToDate);

        Files.delete(repo.cache().objectPath(DataRepos.md5sum(images.resolve("sub/c.png"))));

        assertThat(status()).extracting(OutputStatus::status).containsExactly("not in cache");
    }

    @Test
    void statusSaysNotInCacheWhenAnObjectIsMissing() throws IOException {
        repo = DataRepos.gitRepo(dir);
        Path file = write(dir.resolve("data.csv"), "x\n");
        addAll(file);
        Files.delete(repo.cache().objectPath(DataRepos.md5sum(file)));

        assertThat(status(file)).extracting(OutputStatus::status).containsExactly("not in cache");
    }

    @Test
    void checkoutRestoresIdenticalBytesAfterTheWorkspaceCopyIsDeleted() throws IOException {
        Path images = trackedDirectory();
        Path file = write(dir.resolve("model.bin"), DataRepos.random(1_500_000, 4));
        addAll(images, file);
        byte[] original = Files.readAllBytes(file);
        byte[] c = Files.readAllBytes(images.resolve("sub/c.png"));
        exec(dir, "rm", "-rf", images.toString(), file.toString());

        CheckoutResult result = checkout(false);

        assertThat(result.restored()).containsExactly("images/a.png", "images/b.png", "images/sub/c.png", "model.bin");
        assertThat(Files.readAllBytes(file)).isEqualTo(original);
        assertThat(Files.readAllBytes(images.resolve("sub/c.png"))).isEqualTo(c);
        assertThat(images.resolve("a.png")).hasContent("a");
        assertThat(Files.isWritable(file)).isTrue();
        assertThat(status()).allMatch(OutputStatus::upToDate);
        assertThat(checkout(false).restored()).isEmpty();
    }

    @Test
    void checkoutRefusesToDiscardChangesWithoutForce() {
        Path images = trackedDirectory();
        addAll(images);
        write(images.resolve("a.png"), "edited");
        write(images.resolve("extra.png"), "extra");

        assertThatThrownBy(() -> checkout(false)).isInstanceOf(CapstanException.class)
                .hasMessageContaining("images/a.png").hasMessageContaining("images/extra.png")
                .hasMessageContaining("--force");
        assertThat(images.resolve("a.png")).hasContent("edited");

        CheckoutResult forced = checkout(true);
        assertThat(forced.removed()).containsExactly("images/extra.png");
        assertThat(images.resolve("a.png")).hasContent("a");
        assertThat(images.resolve("extra.png")).doesNotExist();
    }

    @Test
    void checkoutWithHardlinksAndSymlinksPointsAtTheCache() throws IOException {
        Path images = trackedDirectory();
        addAll(images);
        for (String type : List.of("hardlink", "symlink")) {
            write(dir.resolve(".dvc/config"), "[cache]\n    type = " + type + "\n");
            repo = DataRepo.open(dir);
            exec(dir, "rm", "-rf", images.toString());

            checkout(false);

            Path object = repo.cache().objectPath(DataRepos.md5sum(images.resolve("a.png")));
            assertThat(Files.isSameFile(images.resolve("a.png"), object)).as(type).isTrue();
            assertThat(Files.isSymbolicLink(images.resolve("a.png"))).isEqualTo(type.equals("symlink"));
            assertThat(status()).as(type).allMatch(OutputStatus::upToDate);
        }
    }

    @Test
    void aMissingObjectIsNamedAndNothingIsCheckedOut() throws IOException {
        Path images = trackedDirectory();
        addAll(images);
        String bMd5 = DataRepos.md5sum(images.resolve("b.png"));
        Files.delete(repo.cache().objectPath(bMd5));
        exec(dir, "rm", "-rf", images.toString());

        assertThatThrownBy(() -> checkout(false)).isInstanceOfSatisfying(CapstanException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST);
            assertThat(e.getMessage()).contains(bMd5).contains("images/b.png").contains("capstan data pull");
        });
        assertThat(images).doesNotExist();
    }

    @Test
    void aCorruptObjectIsReportedAndNeverCheckedOut() throws IOException {
        repo = DataRepos.gitRepo(dir);
        Path file = write(dir.resolve("data.csv"), "good\n");
        addAll(file);
        Path object = repo.cache().objectPath(DataRepos.md5sum(file));
        Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(object, "evil\n");
        Files.delete(file);

        assertThatThrownBy(() -> checkout(false)).isInstanceOf(CapstanException.class).hasMessageContaining("corrupted")
                .hasMessageContaining(object.toString());
        assertThat(file).doesNotExist();
    }

    @Test
    void unchangedFilesAreNotReadAgain() throws IOException {
        Path images = trackedDirectory();
        addAll(images);
        // make a file unreadable: a status that tried to read it would fail
        Path c = images.resolve("sub/c.png");
        Files.setPosixFilePermissions(c, PosixFilePermissions.fromString("---------"));
        try {
            if (Files.isReadable(c)) {
                return; // running as root: permissions do not stop reads; the hash cache test covers it
            }
            assertThat(status()).allMatch(OutputStatus::upToDate);
        } finally {
            Files.setPosixFilePermissions(c, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void readdingAChangedFileUpdatesTheDvcFile() {
        repo = DataRepos.gitRepo(dir);
        Path file = write(dir.resolve("data.csv"), "v1\n");
        addAll(file);
        write(file, "v2 longer\n");
        addAll(file);

        assertThat(DvcFile.read(dir.resolve("data.csv.dvc")).outs().get(0).md5()).isEqualTo(DataRepos.md5sum(file));
        assertThat(dir.resolve(".gitignore")).hasContent("/data.csv");
    }

    @Test
    void dvcignoredFilesAreLeftOutOfDirectories() {
        Path images = trackedDirectory();
        write(dir.resolve(".dvcignore"), "# comment\n*.tmp\n/images/sub/\n");
        write(images.resolve("scratch.tmp"), "ignored");
        addAll(images);

        assertThat(DvcFile.read(dir.resolve("images.dvc")).outs().get(0).nfiles()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- bad input: clear error, nothing changed

    private void assertRefused(ErrorCode code, String message, Path... paths) {
        List<String> before = DataRepos.files(dir);
        assertThatThrownBy(() -> addAll(paths)).isInstanceOfSatisfying(CapstanException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(message);
        });
        List<String> after = DataRepos.files(dir);
        after.removeIf(f -> f.startsWith(".dvc/tmp/"));
        before.removeIf(f -> f.startsWith(".dvc/tmp/"));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void refusesAPathOutsideTheRepository() throws IOException {
        repo = DataRepos.gitRepo(dir.resolve("repo"));
        Path outside = write(dir.resolve("outside.txt"), "x");
        write(dir.resolve("repo/ok.txt"), "ok");

        assertRefused(ErrorCode.INVALID_PARAMETER_VALUE, "is outside the repository", dir.resolve("repo/ok.txt"), outside);
        assertRefused(ErrorCode.INVALID_PARAMETER_VALUE, "is outside the repository", dir.resolve("repo/../outside.txt"));
    }

    @Test
    void refusesPathsInsideGitAndDvc() {
        repo = DataRepos.gitRepo(dir);

        assertRefused(ErrorCode.INVALID_PARAMETER_VALUE, "inside .git", dir.resolve(".git/config"));
        assertRefused(ErrorCode.INVALID_PARAMETER_VALUE, "inside .dvc", dir.resolve(".dvc/config"));
    }

    @Test
    void refusesAMissingPath() {
        repo = DataRepos.gitRepo(dir);

        assertRefused(ErrorCode.RESOURCE_DOES_NOT_EXIST, "'nope.csv' does not exist", dir.resolve("nope.csv"));
    }

    @Test
    void refusesAPathAlreadyTrackedByGit() {
        repo = DataRepos.gitRepo(dir);
        write(dir.resolve("src/train.py"), "print(1)\n");
        exec(dir, "git", "add", "src/train.py");

        assertRefused(ErrorCode.INVALID_PARAMETER_VALUE, "'src/train.py' is already tracked by SCM", dir.resolve("src"));
        assertRefused(ErrorCode.INVALID_PARAMETER_VALUE, "git rm -r --cached", dir.resolve("src/train.py"));
    }

    @Test
    void refusesOutputsOverlappingATrackedOutput() {
        Path images = trackedDirectory();
        addAll(images);

        assertRefused(ErrorCode.INVALID_PARAMETER_VALUE, "overlapping with other DVC tracked output: 'images'",
                images.resolve("a.png"));
        write(dir.resolve("data/raw/x.csv"), "x");
        addAll(dir.resolve("data/raw"));
        assertRefused(ErrorCode.INVALID_PARAMETER_VALUE, "overlapping with other DVC tracked output: 'data/raw'",
                dir.resolve("data"));
    }

    @Test
    void aDvcFileWithAYamlSyntaxErrorIsNamedWithItsLine() {
        repo = DataRepos.gitRepo(dir);
        write(dir.resolve("broken.dvc"), "outs:\n- md5: 6f5902ac237024bdd0c176cb93063dc4\n  size: [12\n  path: x\n");
        Path file = write(dir.resolve("data.csv"), "x");

        assertRefused(ErrorCode.INVALID_PARAMETER_VALUE, "broken.dvc: YAML syntax error at line", file);
        assertThatThrownBy(() -> status()).hasMessageMatching("(?s).*broken\\.dvc: YAML syntax error at line [34].*");
    }

    @Test
    void anUnknownHashIsRefused() {
        repo = DataRepos.gitRepo(dir);
        write(dir.resolve("data.csv.dvc"), "outs:\n- md5: 6f5902ac237024bdd0c176cb93063dc4\n  size: 12\n  hash: sha256\n"
                + "  path: data.csv\n");

        assertThatThrownBy(() -> checkout(false)).isInstanceOfSatisfying(CapstanException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
            assertThat(e.getMessage()).contains("data.csv.dvc").contains("unknown hash 'sha256'");
        });
        assertThat(dir.resolve("data.csv")).doesNotExist();
    }

    @Test
    void initRefusesOutsideGitAndOverAnExistingDvcDirectory() {
        assertThatThrownBy(() -> DataRepo.init(dir, false, false)).isInstanceOf(CapstanException.class)
                .hasMessageContaining("is not tracked by any supported SCM tool").hasMessageContaining("--no-scm");
        assertThat(dir.resolve(".dvc")).doesNotExist();

        DataRepo.init(dir, true, false);
        assertThatThrownBy(() -> DataRepo.init(dir, true, false)).isInstanceOf(CapstanException.class)
                .hasMessageContaining("exists. Use `-f` to force.");
        write(dir.resolve(".dvc/cache/files/md5/00/junk"), "junk");
        DataRepo.init(dir, true, true);
        assertThat(dir.resolve(".dvc/cache")).doesNotExist();
    }
}
