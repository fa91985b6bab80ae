package dev.capstan.cli.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan init} and {@code capstan data add|status|checkout} driven as a user would, in-process. */
class DataCommandTest {

    @TempDir
    Path dir;

    private Cli.Result capstan(String... args) {
        String[] withCd = new String[args.length + 2];
        System.arraycopy(args, 0, withCd, 0, args.length);
        withCd[args.length] = "--cd";
        withCd[args.length + 1] = dir.toString();
        return Cli.run(withCd);
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    @Test
    void theWholeWorkflow() throws Exception {
        git("init", "-q", ".");
        Cli.Result init = capstan("init");
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("Initialized DVC repository");

        write("data/train.csv", "x,y\n1,2\n");
        write("images/a.png", "a");
        write("images/sub/b.png", "b");
        Cli.Result add = capstan("data", "add", "data/train.csv", "images");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("Added data/train.csv (1 file, 8 B)").contains("Added images (2 files, 2 B)")
                .contains("git add data/train.csv.dvc data/.gitignore images.dvc .gitignore");
        assertThat(dir.resolve("data/train.csv.dvc")).exists();

        Cli.Result clean = capstan("data", "status");
        assertThat(clean.out()).isEqualTo("Data and pipelines are up to date.\n");

        write("images/a.png", "changed");
        write("images/new.png", "new");
        Files.delete(dir.resolve("data/train.csv"));
        Cli.Result changed = capstan("data", "status");
        assertThat(changed.exitCode()).isZero();
        assertThat(changed.out()).isEqualTo(String.join("\n",
                "data/train.csv.dvc:",
                "\tchanged outs:",
                "\t\tdeleted:            data/train.csv",
                "images.dvc:",
                "\tchanged outs:",
                "\t\tmodified:           images",
                "\tchanged files:",
                "\t\tmodified:           images/a.png",
                "\t\tnew:                images/new.png",
                ""));
        JsonNode json = capstan("data", "status", "--json", "data/train.csv").json();
        assertThat(json.toString()).isEqualTo("{\"data/train.csv.dvc\":[{\"changed outs\":{\"data/train.csv\":\"deleted\"}}]}");

        Cli.Result refused = capstan("data", "checkout");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("images/a.png").contains("--force");

        Cli.Result forced = capstan("data", "checkout", "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("D\timages/new.png").contains("2 file(s) restored, 1 removed, 1 unchanged");
        assertThat(dir.resolve("data/train.csv")).hasContent("x,y\n1,2");
        assertThat(capstan("data", "status").out()).isEqualTo("Data and pipelines are up to date.\n");
    }

    @Test
    void badInputGivesExitCodesTwoAndThree() throws Exception {
        Cli.Result noGit = capstan("init");
        assertThat(noGit.exitCode()).isEqualTo(2);
        assertThat(noGit.err()).contains("Use `--no-scm`");
        assertThat(capstan("init", "--no-scm").exitCode()).isZero();
        assertThat(dir.resolve(".dvc/config")).hasContent("[core]\n    no_scm = True");
        assertThat(capstan("init", "--no-scm").exitCode()).isEqualTo(2);

        Cli.Result missing = capstan("data", "add", "nope.csv");
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).isEqualTo("error: 'nope.csv' does not exist\n");

        Cli.Result outside = capstan("data", "add", "/etc/hostname");
        assertThat(outside.exitCode()).isEqualTo(2);
        assertThat(outside.err()).contains("is outside the repository");

        write("x.csv", "x");
        assertThat(capstan("data", "add", "x.csv").exitCode()).isZero();
        assertThat(dir.resolve(".gitignore")).doesNotExist();
        Files.delete(dir.resolve("x.csv"));
        try (var objects = Files.walk(dir.resolve(".dvc/cache"))) {
            for (Path p : objects.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
        Cli.Result noObject = capstan("data", "checkout", "x.csv.dvc");
        assertThat(noObject.exitCode()).isEqualTo(3);
        assertThat(noObject.err()).contains("9dd4e461268c8034f5c8564e155c67a6").contains("capstan data pull");

        Cli.Result notTracked = capstan("data", "status", "other.csv");
        assertThat(notTracked.exitCode()).isEqualTo(3);
    }

    @Test
    void manyFilesShowPeriodicProgressOnStderr() throws Exception {
        git("init", "-q", ".");
        capstan("init");
        for (int i = 0; i < 120; i++) {
            write("many/f" + i + ".txt", "file " + i);
        }

        Cli.Result add = capstan("data", "add", "many");

        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.err()).contains("Adding many: 120/120 (100%)");
        assertThat(add.out()).contains("Added many (120 files");
    }
}
