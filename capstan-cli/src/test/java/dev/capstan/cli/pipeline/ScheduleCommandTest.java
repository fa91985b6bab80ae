package dev.capstan.cli.pipeline;

import dev.capstan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan schedule add|list|history|remove} against a real SQLite metadata database. */
class ScheduleCommandTest {

    @TempDir
    Path dir;

    private Cli.Result capstan(String... args) {
        String[] command = new String[args.length + 2];
        System.arraycopy(args, 0, command, 0, 2);
        command[2] = "--tracking-uri";
        command[3] = Cli.sqlite(dir.resolve("capstan.db"));
        System.arraycopy(args, 2, command, 4, args.length - 2);
        return Cli.run(command);
    }

    @Test
    void schedulesAreAddedListedAndRemoved() {
        Cli.Result add = capstan("schedule", "add", "nightly", "--cron", "0 2 * * *", "--retries", "2", "--retry-delay",
                "5m", "--", "./capstan", "repro");
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("Added schedule 'nightly'", "T02:00:00Z");

        Cli.Result list = capstan("schedule", "list", "--json");
        assertThat(list.json().get(0).get("name").asText()).isEqualTo("nightly");
        assertThat(list.json().get(0).get("command").toString()).isEqualTo("[\"./capstan\",\"repro\"]");
        assertThat(capstan("schedule", "list").out()).contains("nightly", "0 2 * * *", "./capstan repro");
        assertThat(capstan("schedule", "history", "nightly").exitCode()).isZero();

        Cli.Result again = capstan("schedule", "add", "nightly", "--cron", "0 3 * * *", "--", "true");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");

        assertThat(capstan("schedule", "remove", "nightly").exitCode()).isZero();
        Cli.Result gone = capstan("schedule", "history", "nightly");
        assertThat(gone.exitCode()).isEqualTo(3);
        assertThat(gone.err()).contains("No schedule named 'nightly'");
    }

    @Test
    void aBadCronExpressionOrDelayIsRefused() {
        Cli.Result cron = capstan("schedule", "add", "x", "--cron", "every day", "--", "true");
        assertThat(cron.exitCode()).isEqualTo(2);
        assertThat(cron.err()).contains("'every day' is not a cron expression");

        Cli.Result delay = capstan("schedule", "add", "x", "--cron", "* * * * *", "--retry-delay", "soon", "--", "true");
        assertThat(delay.exitCode()).isEqualTo(2);
        assertThat(delay.err()).contains("--retry-delay expects");
    }
}
