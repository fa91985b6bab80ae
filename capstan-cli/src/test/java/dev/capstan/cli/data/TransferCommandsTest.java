package dev.capstan.cli.data;

import dev.capstan.cli.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan data push|fetch|pull} against a local remote, driven as a user would. */
class TransferCommandsTest {

    @TempDir
    Path dir;
    Path repo;

    @BeforeEach
    void trackedDataAndARemote() throws IOException {
        repo = dir.resolve("repo");
        Files.createDirectories(repo);
        assertThat(capstan("init", "--no-scm").exitCode()).isZero();
        write("data/train.csv", "x,y\n1,2\n");
        for (int i = 0; i < 60; i++) {
            write("images/img" + i + ".bin", "image " + i);
        }
        Cli.Result add = capstan("data", "add", "data/train.csv", "images");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(capstan("remote", "add", "-d", "store", "../remote").exitCode()).isZero();
    }

    @Test
    void pushThenPullIntoAnEmptyWorkspaceRestoresIdenticalBytes() throws IOException {
        Cli.Result push = capstan("data", "push", "-j", "3");
        assertThat(push.exitCode()).as(push.err()).isZero();
        assertThat(push.out()).isEqualTo("62 file(s) pushed\n");
        assertThat(dir.resolve("remote/files/md5")).isDirectory();
        assertThat(capstan("data", "push").out()).isEqualTo("Everything is up to date.\n");

        byte[] train = Files.readAllBytes(repo.resolve("data/train.csv"));
        deleteTree(repo.resolve(".dvc/cache"));
        deleteTree(repo.resolve("images"));
        Files.delete(repo.resolve("data/train.csv"));

        Cli.Result pull = capstan("data", "pull");
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.out()).startsWith("62 file(s) fetched\n").contains("61 file(s) restored");
        assertThat(repo.resolve("data/train.csv")).hasBinaryContent(train);
        assertThat(repo.resolve("images/img59.bin")).hasContent("image 59");
        assertThat(capstan("data", "status").out()).isEqualTo("Data and pipelines are up to date.\n");
        assertThat(capstan("data", "fetch").out()).isEqualTo("Everything is up to date.\n");
    }

    @Test
    void cloudStatusSaysWhatOnlyOneSideHas() throws IOException {
        assertThat(capstan("data", "status", "-c").out()).isEqualTo("\tnew:                data/train.csv\n"
                + "\tnew:                images/\n");
        assertThat(capstan("data", "push", "data/train.csv").exitCode()).isZero();
        assertThat(capstan("data", "status", "-c", "--json").json().toString()).isEqualTo("{\"images/\":\"new\"}");
        assertThat(capstan("data", "push").exitCode()).isZero();
        assertThat(capstan("data", "status", "-c").out()).isEqualTo("Cache and remote 'store' are in sync.\n");
        deleteTree(repo.resolve(".dvc/cache"));
        assertThat(capstan("data", "status", "-c", "-r", "store").out()).isEqualTo("\tdeleted:            data/train.csv\n"
                + "\tdeleted:            images/\n");
    }

    @Test
    void fetchOfOneTargetBringsOnlyItsObjects() {
        assertThat(capstan("data", "push").exitCode()).isZero();
        deleteTree(repo.resolve(".dvc/cache"));

        Cli.Result fetch = capstan("data", "fetch", "data/train.csv");

        assertThat(fetch.exitCode()).as(fetch.err()).isZero();
        assertThat(fetch.out()).isEqualTo("1 file(s) fetched\n");
    }

    @Test
    void whatTheRemoteLacksIsNamedAndFailsTheCommand() {
        deleteTree(repo.resolve(".dvc/cache"));
        Cli.Result pull = capstan("data", "pull");

        assertThat(pull.exitCode()).isEqualTo(3);
        assertThat(pull.err()).contains("failed to pull 2 object(s)").contains("not on the remote");
    }

    @Test
    void noRemoteOrAnUnknownOneIsAClearError() {
        Cli.Result unknown = capstan("data", "push", "-r", "nope");
        capstan("remote", "remove", "store");
        Cli.Result none = capstan("data", "push");
        Cli.Result badJobs = capstan("data", "push", "-r", "x", "-j", "0");

        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("remote 'nope' doesn't exist");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no default remote set");
        assertThat(badJobs.exitCode()).isIn(2, 3);
    }

    @Test
    void gcKeepsWhatTheWorkspaceUsesAndNeedsConfirmation() throws IOException {
        write("data/train.csv", "x,y\n3,4\n");
        assertThat(capstan("data", "add", "data/train.csv").exitCode()).isZero();

        Cli.Result unconfirmed = capstan("data", "gc", "-w");
        Cli.Result noScope = capstan("data", "gc", "-f");
        Cli.Result dry = capstan("data", "gc", "-w", "--dry");
        Cli.Result gc = capstan("data", "gc", "-w", "-f");

        assertThat(unconfirmed.exitCode()).isEqualTo(2);
        assertThat(unconfirmed.err()).contains("confirm with -f/--force, or preview with --dry");
        assertThat(noScope.exitCode()).isEqualTo(2);
        assertThat(dry.out()).contains("Would remove 1 object(s), 8 B; kept 62 used by the workspace");
        assertThat(gc.out()).contains("Removed 1 object(s), 8 B; kept 62 used by the workspace");
        assertThat(capstan("data", "status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    private Cli.Result capstan(String... args) {
        return Cli.run(Stream.concat(Stream.of(args), Stream.of("--cd", repo.toString())).toArray(String[]::new));
    }

    private void write(String path, String text) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                p.toFile().setWritable(true);
                p.getParent().toFile().setWritable(true);
                p.toFile().delete();
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
