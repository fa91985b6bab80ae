package dev.capstan.data;

import dev.capstan.CapstanException;
import dev.capstan.data.DvcConfig.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DVC's config files, checked against Python's configobj (the library DVC reads and writes them with). */
class DvcConfigTest {

    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path repo;

    @Test
    void readsWhatDvcWritesAndMergesTheLocalFile() throws IOException {
        write(".dvc/config", """
                [core]
                    remote = storage
                    # a comment
                    autostage = true
                ['remote "storage"']
                    url = s3://bucket/dvc   # trailing comment
                    endpointurl = "http://127.0.0.1:9000"
                [Remote "Backup"]
                url = /mnt/backup
                """);
        write(".dvc/config.local", """
                ['remote "storage"']
                secret_access_key = 'se#cret'
                """);

        DvcConfig config = DvcConfig.load(repo);

        assertThat(config.get("core", "remote")).isEqualTo("storage");
        assertThat(config.section(DvcConfig.remoteSection("storage"))).containsExactly(
                Map.entry("url", "s3://bucket/dvc"), Map.entry("endpointurl", "http://127.0.0.1:9000"),
                Map.entry("secret_access_key", "se#cret"));
        assertThat(config.remoteNames()).containsExactly("storage", "backup");
        assertThat(config.get("cache", "type")).isNull();
    }

    @Test
    void writesWhatConfigobjWritesAndReads() throws Exception {
        Assumptions.assumeTrue(hasConfigobj(), "python3-configobj is not installed (.ci/run installs it)");
        DvcConfig config = DvcConfig.load(repo);
        config.set(Level.REPO, "core", "remote", "storage")
                .set(Level.REPO, DvcConfig.remoteSection("storage"), "url", "s3://bucket/path")
                .set(Level.REPO, DvcConfig.remoteSection("storage"), "odd", "a#b")
                .set(Level.REPO, DvcConfig.remoteSection("storage"), "list", "x, y")
                .set(Level.REPO, DvcConfig.remoteSection("storage"), "q", "say \"hi\"")
                .set(Level.REPO, DvcConfig.remoteSection("storage"), "sp", " lead")
                .set(Level.REPO, DvcConfig.remoteSection("storage"), "empty", "")
                .save();

        String ours = Files.readString(repo.resolve(".dvc/config"));
        String theirs = python("""
                import configobj, io, sys
                # as DVC's Config._save_config does: a ConfigObj built from the whole dict
                c = configobj.ConfigObj({'core': {'remote': 'storage'},
                                         'remote "storage"': {'url': 's3://bucket/path', 'odd': 'a#b', 'list': 'x, y',
                                                              'q': 'say "hi"', 'sp': ' lead', 'empty': ''}})
                b = io.BytesIO(); c.write(b); sys.stdout.write(b.getvalue().decode())
                """);
        assertThat(ours).isEqualTo(theirs);
        String parsed = python("import configobj, json, sys\n"
                + "print(json.dumps(configobj.ConfigObj(sys.argv[1]).dict(), sort_keys=True))",
                repo.resolve(".dvc/config").toString());
        assertThat(parsed.strip()).isEqualTo("{\"core\": {\"remote\": \"storage\"}, \"remote \\\"storage\\\"\": "
                + "{\"empty\": \"\", \"list\": \"x, y\", \"odd\": \"a#b\", \"q\": \"say \\\"hi\\\"\", "
                + "\"sp\": \" lead\", \"url\": \"s3://bucket/path\"}}");
        assertThat(DvcConfig.load(repo).section(DvcConfig.remoteSection("storage"))).containsEntry("sp", " lead")
                .containsEntry("q", "say \"hi\"").containsEntry("empty", "");
        assertThat(Files.exists(repo.resolve(".dvc/config.local"))).as("no empty local file is created").isFalse();
    }

    @Test
    void unsetAndRemoveSection() {
        DvcConfig config = DvcConfig.load(repo);
        config.set(Level.LOCAL, DvcConfig.remoteSection("s"), "password", "p").set(Level.REPO, "core", "remote", "s");
        assertThat(config.unset(Level.REPO, "core", "remote")).isTrue();
        assertThat(config.unset(Level.REPO, "core", "remote")).isFalse();
        assertThat(config.removeSection(Level.LOCAL, DvcConfig.remoteSection("s"))).isTrue();
        config.save();
        assertThat(DvcConfig.load(repo).remoteNames()).isEmpty();
        assertThat(repo.resolve(".dvc/config")).hasContent("");
    }

    @Test
    void syntaxErrorsNameFileAndLine() throws IOException {
        write(".dvc/config", "[core]\n    remote = storage\nthis is not ini\n");
        assertThatThrownBy(() -> DvcConfig.load(repo)).isInstanceOf(CapstanException.class)
                .hasMessageContaining(".dvc/config, line 3: expected '[section]' or 'key = value', found 'this is not ini'");
        write(".dvc/config", "remote = storage\n");
        assertThatThrownBy(() -> DvcConfig.load(repo)).hasMessageContaining("line 1: expected a '[section]'");
        write(".dvc/config", "[core]\nremote = \"storage\n");
        assertThatThrownBy(() -> DvcConfig.load(repo)).hasMessageContaining("line 2: unbalanced quotes");
    }

    @Test
    void aValueWithBothQuotesIsRefused() {
        DvcConfig config = DvcConfig.load(repo).set(Level.REPO, "core", "x", "it's \"odd\"");
        assertThatThrownBy(config::save).isInstanceOf(CapstanException.class).hasMessageContaining("both quote");
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(repo.resolve(path).getParent());
        Files.writeString(repo.resolve(path), text, StandardCharsets.UTF_8);
    }

    private static boolean hasConfigobj() {
        try {
            return new ProcessBuilder(PYTHON, "-c", "import configobj").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String python(String script, String... args) throws Exception {
        String[] command = new String[args.length + 3];
        command[0] = PYTHON;
        command[1] = "-c";
        command[2] = script;
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
