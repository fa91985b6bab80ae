package dev.capstan.cli;

import dev.capstan.ErrorCode;
import dev.capstan.Version;
import dev.capstan.cli.internal.Failures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CapstanCliTest {

    @Test
    void versionNamesCapstanAndJava() {
        Cli.Result result = Cli.run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("capstan " + Version.get()).contains("Java " + Runtime.version().feature());
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result result = Cli.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Missing command", "Usage: capstan");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result result = Cli.run("runs", "list", "--no-such-option");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--no-such-option'");
    }

    @Test
    void helpListsCommandsAndExitCodes() {
        Cli.Result result = Cli.run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("quickstart", "server", "experiments", "runs", "db", "Exit codes:");
    }

    @Test
    void aCommandBuiltAloneKeepsItsHelpAndTheInheritedExitCodes() {
        Cli.Result sub = Cli.run("data", "status", "--help");
        assertThat(sub.exitCode()).isZero();
        assertThat(sub.out()).contains("Usage: capstan data status", "Exit codes:");

        Cli.Result help = Cli.run("help", "data");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: capstan data", "checkout");

        Cli.Result unknown = Cli.run("datta", "status");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument", "data");
    }

    @Test
    void errorCodesMapToDocumentedExitCodes() {
        assertThat(Failures.exitCode(ErrorCode.INVALID_PARAMETER_VALUE)).isEqualTo(2);
        assertThat(Failures.exitCode(ErrorCode.BAD_REQUEST)).isEqualTo(2);
        assertThat(Failures.exitCode(ErrorCode.RESOURCE_DOES_NOT_EXIST)).isEqualTo(3);
        assertThat(Failures.exitCode(ErrorCode.TEMPORARILY_UNAVAILABLE)).isEqualTo(4);
        assertThat(Failures.exitCode(ErrorCode.RESOURCE_ALREADY_EXISTS)).isEqualTo(1);
    }
}
