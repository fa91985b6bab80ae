package dev.capstan.data;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.data.DataDiff.Change;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.capstan.data.DataRepos.exec;
import static dev.capstan.data.DataRepos.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code dvc diff} against real git repositories. Expected hashes are DVC's own (from {@code tests/func/test_diff.py})
 * or computed with md5 / Python's json, not with Capstan's code.
 */
class DataDiffTest {

    private static final String FIRST = "8b04d5e3775d298e78455efc5ca404d5";
    private static final String SECOND = "a9f0e61a137d86aa9db53465e0801612";
    private static final String MD5_2 = "c81e728d9d4c2f636f067f89cc14862c";
    private static final String MD5_3 = "eccbc87e4b5ce2fe28308fd9f2a7baf3";
    /** dir = {1: "1", 2: "2"}, as in DVC's test_directories. */
    private static final String DIR_12 = "5fb6b29836c388e093ca0715c872fe2a.dir";
    /** dir = {1: "1", 3: "3"}. */
    private static final String DIR_13 = "83ae82fb367ac9926455870773ff09e6.dir";

    @TempDir
    Path dir;
    private DataRepo repo;

    @BeforeEach
    void setUp() {
        repo = DataRepos.gitRepo(dir);
        git("config", "user.email", "test@example.com");
        git("config", "user.name", "Test");
    }

    private void git(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "git";
        System.arraycopy(args, 0, command, 1, args.length);
        exec(dir, command);
    }

    private void add(String... paths) {
        try (DataVersioning data = new DataVersioning(repo)) {
            data.add(List.of(paths).stream().map(dir::resolve).toList(), ProgressListener.NONE);
        }
    }

    private void commit(String message) {
        git("add", "-A");
        git("commit", "-q", "-m", message);
    }

    private DataDiff.Result diff(String a, String b, String... targets) {
        return new DataDiff(repo).diff(a, b, List.of(targets).stream().map(dir::resolve).toList());
    }

    /** file = "first", dir = {1, 2}, committed; then file = "second", dir/3 added and dir/2 deleted. */
    private void changedWorkspace() throws IOException {
        write(dir.resolve("file"), "first");
        write(dir.resolve("dir/1"), "1");
        write(dir.resolve("dir/2"), "2");
        add("file", "dir");
        commit("add file and dir");
        Files.delete(dir.resolve("file"));
        write(dir.resolve("file"), "second");
        write(dir.resolve("dir/3"), "3");
        Files.delete(dir.resolve("dir/2"));
    }

    @Test
    void workspaceAgainstHead() throws IOException {
        changedWorkspace();

        DataDiff.Result result = diff("HEAD", null);

        assertThat(result.added()).containsExactly(new Change(null, "dir/3", null, MD5_3));
        assertThat(result.deleted()).containsExactly(new Change("dir/2", null, MD5_2, null));
        assertThat(result.modified()).containsExactly(new Change("dir/", "dir/", DIR_12, DIR_13),
                new Change("file", "file", FIRST, SECOND));
        assertThat(result.renamed()).isEmpty();
        assertThat(result.notInCache()).isEmpty();
    }

    @Test
    void betweenTwoCommitsAndUnchanged() throws IOException {
        changedWorkspace();
        add("file", "dir");
        commit("change");

        DataDiff.Result result = diff("HEAD~1", "HEAD");
        assertThat(result.added()).extracting(Change::path).containsExactly("dir/3");
        assertThat(result.deleted()).extracting(Change::path).containsExactly("dir/2");
        assertThat(result.modified()).containsExactly(new Change("dir/", "dir/", DIR_12, DIR_13),
                new Change("file", "file", FIRST, SECOND));
        assertThat(diff("HEAD", "HEAD~1").added()).extracting(Change::path).containsExactly("dir/2");
        assertThat(diff("HEAD", null).isEmpty()).isTrue();
        assertThat(diff("HEAD", "HEAD").isEmpty()).isTrue();
        assertThat(diff("HEAD~1", "HEAD", "file").modified()).extracting(Change::path).containsExactly("file");
        assertThat(diff("HEAD~1", "HEAD", "dir/3").added()).extracting(Change::path).containsExactly("dir/3");
        assertThat(diff("HEAD~1", "HEAD", "dir.dvc").modified()).extracting(Change::path).containsExactly("dir/");
    }

    @Test
    void renamedDirectoryAsDvcReportsIt() throws IOException {
        // DVC's test_diff_rename_folder, hashes included
        write(dir.resolve("dir/file"), "text1");
        write(dir.resolve("dir/subdir/file2"), "text2");
        add("dir");
        commit("commit #1");
        Files.move(dir.resolve("dir"), dir.resolve("dir2"));
        Files.delete(dir.resolve("dir.dvc"));
        add("dir2");

        DataDiff.Result result = diff("HEAD", null);

        assertThat(result.added()).isEmpty();
        assertThat(result.deleted()).isEmpty();
        assertThat(result.modified()).isEmpty();
        assertThat(result.renamed()).containsExactly(
                new Change("dir/", "dir2/", "cb58ee07cb01044db229e4d6121a0dfc.dir", "cb58ee07cb01044db229e4d6121a0dfc.dir"),
                new Change("dir/file", "dir2/file", "cef7ccd89dacf1ced6f5ec91d759953f", "cef7ccd89dacf1ced6f5ec91d759953f"),
                new Change("dir/subdir/file2", "dir2/subdir/file2", "fe6123a759017e4a2af4a2d19961ed71",
                        "fe6123a759017e4a2af4a2d19961ed71"));
    }

    @Test
    void addedFilesInADirectoryAndGranularTargets() throws IOException {
        // DVC's test_diff_granular
        write(dir.resolve("dir/data/subdir/subfoo"), "subfoo");
        write(dir.resolve("dir/data/subdir/subbar"), "subbar");
        write(dir.resolve("dir/data/foo"), "foo");
        write(dir.resolve("dir/data/bar"), "bar");
        add("dir/data");
        commit("data");
        assertThat(diff("HEAD", null).isEmpty()).isTrue();
        write(dir.resolve("dir/data/subdir/new"), "new");

        DataDiff.Result all = diff("HEAD", null);
        assertThat(all.added()).containsExactly(new Change(null, "dir/data/subdir/new", null,
                "22af645d1859cb5ca6da0c484f1f37ea"));
        assertThat(all.modified()).containsExactly(new Change("dir/data/", "dir/data/",
                "1aca2c799df82929bbdd976557975546.dir", "efa5b20d5f935dcc5555b26db6e19b76.dir"));

        DataDiff.Result sub = diff("HEAD", null, "dir/data/subdir");
        assertThat(sub.added()).extracting(Change::path).containsExactly("dir/data/subdir/new");
        assertThat(sub.modified()).isEmpty();
    }

    @Test
    void directoryObjectMissingFromTheCacheIsNotInCache() throws IOException {
        changedWorkspace();
        Path object = repo.cache().objectPath(DIR_12);
        object.toFile().setWritable(true);
        Files.delete(object);

        DataDiff.Result result = diff("HEAD", null);

        // its files are unknown: only the directory itself is compared, as dvc-data does
        assertThat(result.added()).isEmpty();
        assertThat(result.deleted()).isEmpty();
        assertThat(result.modified()).containsExactly(new Change("dir/", "dir/", DIR_12, DIR_13),
                new Change("file", "file", FIRST, SECOND));
        assertThat(result.notInCache()).containsExactly(new Change("dir/", null, DIR_12, null));
        assertThat(diff("HEAD", null, "dir").notInCache()).extracting(Change::path).containsExactly("dir/");
    }

    @Test
    void deletedWorkspaceDataAndNewDvcFile() throws IOException {
        changedWorkspace();
        Files.delete(dir.resolve("file"));
        write(dir.resolve("new_file"), "new_file_content");
        add("new_file");

        DataDiff.Result result = diff("HEAD", null);

        assertThat(result.added()).extracting(Change::path).containsExactly("dir/3", "new_file");
        assertThat(result.added().get(1).newHash()).isEqualTo("86d049de17c76ac44cdcac146042ec9b");
        assertThat(result.deleted()).containsExactly(new Change("dir/2", null, MD5_2, null),
                new Change("file", null, FIRST, null));
    }

    @Test
    void unknownRevisionIsNamed() throws IOException {
        changedWorkspace();
        assertThatThrownBy(() -> diff("missing", null)).isInstanceOf(CapstanException.class)
                .hasMessage("unknown Git revision 'missing'")
                .satisfies(e -> assertThat(((CapstanException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> diff("HEAD", "--all")).hasMessage("unknown Git revision '--all'");
    }

    @Test
    void untrackedTargetIsNotFound() throws IOException {
        changedWorkspace();
        assertThatThrownBy(() -> diff("HEAD", null, "missing")).isInstanceOf(CapstanException.class)
                .hasMessageContaining("'missing' is not tracked")
                .satisfies(e -> assertThat(((CapstanException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void noCommitsMeansNoDiff() {
        write(dir.resolve("file"), "first");
        add("file");
        assertThat(diff("HEAD", null).isEmpty()).isTrue();
    }

    @Test
    void noScmRepositoryIsRefused(@TempDir Path plain) {
        DataRepo noScm = DataRepo.init(plain, true, false);
        assertThatThrownBy(() -> new DataDiff(noScm).diff("HEAD", null, List.of()))
                .isInstanceOf(CapstanException.class).hasMessageContaining("Only supported for Git repositories");
    }
}
