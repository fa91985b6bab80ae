package dev.capstan.cli.data;

import dev.capstan.cli.Cli;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan remote}: what it writes to .dvc/config and config.local, byte for byte, as DVC would. */
class RemoteCommandTest {

    @TempDir
    Path repo;

    @BeforeEach
    void dvcRepository() throws IOException {
        Files.createDirectories(repo.resolve(".dvc"));
        Files.writeString(repo.resolve(".dvc/config"), "");
    }

    @Test
    void addListDefaultModifyAsDvcWritesThem() throws IOException {
        Files.createDirectories(repo.resolve("sub"));
        assertThat(run("remote", "add", "-d", "Storage", "s3://bucket/dvc").out())
                .isEqualTo("Setting 'storage' as a default remote.\n");
        assertThat(run("remote", "add", "backup", "../backup", "--cd", repo.resolve("sub").toString()).exitCode()).isZero();
        assertThat(run("remote", "modify", "storage", "endpointurl", "http://127.0.0.1:9000").exitCode()).isZero();
        Cli.Result secret = run("remote", "modify", "storage", "secret_access_key", "s3cr#t");

        assertThat(secret.out()).contains("stored in .dvc/config.local");
        assertThat(repo.resolve(".dvc/config")).hasContent("""
                ['remote "storage"']
                    url = s3://bucket/dvc
                    endpointurl = http://127.0.0.1:9000
                [core]
                    remote = storage
                ['remote "backup"']
                    url = ../backup""");
        assertThat(repo.resolve(".dvc/config.local")).hasContent("""
                ['remote "storage"']
                    secret_access_key = "s3cr#t\"""");
        assertThat(run("remote", "list").out()).isEqualTo("storage\ts3://bucket/dvc\t(default)\nbackup\t../backup\n");
        assertThat(run("remote", "list", "--json").json().path("remotes").get(0).path("default").asBoolean()).isTrue();
        assertThat(run("remote", "default").out()).isEqualTo("storage\n");
    }

    @Test
    void renameRemoveAndUnsetFollowTheDefault() throws IOException {
        run("remote", "add", "-d", "a", "/srv/a");
        assertThat(run("remote", "rename", "a", "b").exitCode()).isZero();
        assertThat(run("remote", "list").out()).isEqualTo("b\t/srv/a\t(default)\n");
        assertThat(run("remote", "remove", "b").exitCode()).isZero();
        assertThat(repo.resolve(".dvc/config")).hasContent("");
        Cli.Result none = run("remote", "default");
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.out()).isEqualTo("No default remote set\n");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws IOException {
        run("remote", "add", "a", "/srv/a");
        String before = Files.readString(repo.resolve(".dvc/config"));

        Cli.Result twice = run("remote", "add", "a", "/srv/other");
        Cli.Result unknownRemote = run("remote", "modify", "nope", "region", "eu-west-1");
        Cli.Result unknownOption = run("remote", "modify", "a", "regoin", "eu-west-1");
        Cli.Result badDefault = run("remote", "default", "nope");
        Cli.Result outside = Cli.run("remote", "list", "--cd", repo.getParent().toString());

        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.err()).contains("remote 'a' already exists. Use `-f|--force` to overwrite it.");
        assertThat(unknownRemote.exitCode()).isEqualTo(3);
        assertThat(unknownOption.exitCode()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown remote option 'regoin'");
        assertThat(badDefault.exitCode()).isEqualTo(2);
        assertThat(outside.exitCode()).isEqualTo(3);
        assertThat(outside.err()).contains("not inside a DVC repository");
        assertThat(repo.resolve(".dvc/config")).hasContent(before.strip());
        assertThat(run("remote", "add", "-f", "a", "/srv/other").exitCode()).isZero();
    }

    @Test
    void aBrokenConfigNamesItsLine() throws IOException {
        Files.writeString(repo.resolve(".dvc/config"), "[core]\nremote storage\n");
        Cli.Result result = run("remote", "list");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains(".dvc/config, line 2");
    }

    private Cli.Result run(String... args) {
        boolean hasDirectory = Stream.of(args).anyMatch("--cd"::equals);
        return Cli.run(hasDirectory ? args : Stream.concat(Stream.of(args), Stream.of("--cd", repo.toString()))
                .toArray(String[]::new));
    }
}
