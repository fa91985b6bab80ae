package dev.capstan.cli.data;

import dev.capstan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan data diff} in a real git repository, its output compared with what {@code dvc diff} prints. */
class DiffCommandTest {

    @TempDir
    Path dir;

    /** {@code capstan data diff --cd DIR ARGS...}. */
    private Cli.Result capstan(String... args) {
        String[] command = new String[args.length + 4];
        command[0] = "data";
        command[1] = "diff";
        command[2] = "--cd";
        command[3] = dir.toString();
        System.arraycopy(args, 0, command, 4, args.length);
        return Cli.run(command);
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = capstan(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    private void write(String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void add(String... paths) {
        String[] args = new String[paths.length + 4];
        args[0] = "data";
        args[1] = "add";
        System.arraycopy(paths, 0, args, 2, paths.length);
        args[paths.length + 2] = "--cd";
        args[paths.length + 3] = dir.toString();
        Cli.Result r = Cli.run(args);
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /** file = "first", dir = {1, 2} committed; then file = "second", dir/3 added, dir/2 deleted. */
    private void changedWorkspace() throws Exception {
        git("init", "-q", ".");
        git("config", "user.email", "test@example.com");
        git("config", "user.name", "Test");
        assertThat(Cli.run("init", "--cd", dir.toString()).exitCode()).isZero();
        write("file", "first");
        write("dir/1", "1");
        write("dir/2", "2");
        add("file", "dir");
        git("add", "-A");
        git("commit", "-q", "-m", "add file and dir");
        write("file", "second");
        write("dir/3", "3");
        Files.delete(dir.resolve("dir/2"));
    }

    @Test
    void textAndJsonAgainstTheWorkspace() throws Exception {
        changedWorkspace();

        assertThat(ok().out()).isEqualTo(String.join("\n",
                "Added:",
                "    dir/3",
                "",
                "Deleted:",
                "    dir/2",
                "",
                "Modified:",
                "    dir/",
                "    file",
                "",
                "files summary: 1 added, 1 deleted, 1 modified",
                ""));
        assertThat(ok("--json").out()).isEqualTo("{\"added\": [{\"path\": \"dir/3\"}], \"deleted\": [{\"path\": "
                + "\"dir/2\"}], \"modified\": [{\"path\": \"dir/\"}, {\"path\": \"file\"}], \"renamed\": [], "
                + "\"not in cache\": []}\n");
        assertThat(ok("--json", "--show-hash").json().toString()).isEqualTo("{\"added\":[{\"path\":\"dir/3\",\"hash\":"
                + "\"eccbc87e4b5ce2fe28308fd9f2a7baf3\"}],\"deleted\":[{\"path\":\"dir/2\",\"hash\":"
                + "\"c81e728d9d4c2f636f067f89cc14862c\"}],\"modified\":[{\"path\":\"dir/\",\"hash\":{\"old\":"
                + "\"5fb6b29836c388e093ca0715c872fe2a.dir\",\"new\":\"83ae82fb367ac9926455870773ff09e6.dir\"}},"
                + "{\"path\":\"file\",\"hash\":{\"old\":\"8b04d5e3775d298e78455efc5ca404d5\",\"new\":"
                + "\"a9f0e61a137d86aa9db53465e0801612\"}}],\"renamed\":[],\"not in cache\":[]}");
        assertThat(ok("--show-hash").out()).contains("Modified:\n    5fb6b298..83ae82fb  dir/\n"
                + "    8b04d5e3..a9f0e61a  file\n");
        assertThat(ok("--md").out()).isEqualTo(String.join("\n",
                "| Status   | Path   |",
                "|----------|--------|",
                "| added    | dir/3  |",
                "| deleted  | dir/2  |",
                "| modified | dir/   |",
                "| modified | file   |",
                "",
                ""));
        assertThat(ok("--targets", "file", "--json").out()).isEqualTo("{\"added\": [], \"deleted\": [], "
                + "\"modified\": [{\"path\": \"file\"}], \"renamed\": [], \"not in cache\": []}\n");
    }

    @Test
    void betweenTwoCommits() throws Exception {
        changedWorkspace();
        add("file", "dir");
        git("add", "-A");
        git("commit", "-q", "-m", "change");

        assertThat(ok("HEAD~1", "HEAD").out()).isEqualTo(String.join("\n",
                "Added:",
                "    dir/3",
                "",
                "Deleted:",
                "    dir/2",
                "",
                "Modified:",
                "    dir/",
                "    file",
                "",
                "files summary: 1 added, 1 deleted, 1 modified",
                ""));
        // with B_REV, DVC drops the "not in cache" key
        assertThat(ok("HEAD~1", "HEAD", "--json").out()).isEqualTo("{\"added\": [{\"path\": \"dir/3\"}], "
                + "\"deleted\": [{\"path\": \"dir/2\"}], \"modified\": [{\"path\": \"dir/\"}, {\"path\": \"file\"}], "
                + "\"renamed\": []}\n");
        assertThat(ok().out()).isEmpty();
        assertThat(ok("--json").out()).isEqualTo("{}\n");
        assertThat(ok("--md").out()).isEqualTo("| Status   | Path   |\n|----------|--------|\n\n");
    }

    @Test
    void renamesAndMissingDirectoryObject() throws Exception {
        changedWorkspace();
        Files.move(dir.resolve("file"), dir.resolve("file2"));
        Files.delete(dir.resolve("file.dvc"));
        write("file", "first");  // back to its committed content
        Files.move(dir.resolve("file"), dir.resolve("renamed"));
        add("renamed");

        assertThat(ok("--targets", "file.dvc", "renamed").out()).isEqualTo(String.join("\n",
                "Renamed:",
                "    file -> renamed",
                "",
                "files summary: 1 renamed",
                ""));

        Path object = dir.resolve(".dvc/cache/files/md5/5f/b6b29836c388e093ca0715c872fe2a.dir");
        Files.delete(object);
        assertThat(ok("--targets", "dir").out()).isEqualTo(String.join("\n",
                "Modified:",
                "    dir/",
                "",
                "Not in cache:",
                "    dir/",
                "",
                ""));
        assertThat(ok("--targets", "dir", "--hide-missing").out()).isEqualTo("Modified:\n    dir/\n\n");
    }

    @Test
    void unknownRevisionExitsWithTwo() throws Exception {
        changedWorkspace();
        Cli.Result r = capstan("nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: unknown Git revision 'nope'\n");
        Cli.Result target = capstan("--targets", "missing");
        assertThat(target.exitCode()).isEqualTo(3);
        assertThat(target.err()).contains("'missing' is not tracked");
    }

    @Test
    void noScmRepositoryIsRefused() {
        assertThat(Cli.run("init", "--no-scm", "--cd", dir.toString()).exitCode()).isZero();
        Cli.Result r = capstan();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: Only supported for Git repositories");
    }
}
