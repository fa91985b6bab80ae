package dev.capstan.cli;

import dev.capstan.Version;
import dev.capstan.cli.data.DataCommand;
import dev.capstan.cli.data.InitCommand;
import dev.capstan.cli.data.RemoteCommand;
import dev.capstan.cli.db.DbCommand;
import dev.capstan.cli.internal.Failures;
import dev.capstan.cli.quickstart.QuickstartCommand;
import dev.capstan.cli.registry.ModelsCommand;
import dev.capstan.cli.server.ServerCommand;
import dev.capstan.cli.tracking.ExperimentsCommand;
import dev.capstan.cli.tracking.RunsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code capstan} command line: a thin shell of picocli commands over Capstan's services. Every failure is
 * reported by {@link Failures}, which maps error codes to exit codes. Subcommands inherit the help and version
 * options and the exit-code list.
 */
@Command(name = "capstan", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, usageHelpWidth = 100,
        versionProvider = CapstanCli.VersionInfo.class,
        description = "Self-hosted MLOps platform. Its tracking server speaks the MLflow 2.x REST API.",
        subcommands = {QuickstartCommand.class, ServerCommand.class, ExperimentsCommand.class, RunsCommand.class,
                ModelsCommand.class, RemoteCommand.class, DbCommand.class, InitCommand.class, DataCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:other failure", "2:invalid input or usage",
                "3:no such experiment, run, model or resource", "4:store or server temporarily unavailable"})
public final class CapstanCli implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for {@link #main} and for tests that run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new CapstanCli())
                .setExecutionExceptionHandler(new Failures())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try `capstan quickstart` or `capstan --help`");
    }

    /** {@code capstan --version}: Capstan's version and the Java runtime it runs on. */
    static final class VersionInfo implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "capstan " + Version.get(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }
    }
}
