package dev.capstan.cli;

import dev.capstan.Version;
import dev.capstan.cli.data.DataCommand;
import dev.capstan.cli.data.InitCommand;
import dev.capstan.cli.data.RemoteCommand;
import dev.capstan.cli.db.DbCommand;
import dev.capstan.cli.internal.Failures;
import dev.capstan.cli.monitor.MonitorCommand;
import dev.capstan.cli.retrain.RetrainCommand;
import dev.capstan.cli.pipeline.DagCommand;
import dev.capstan.cli.pipeline.ExpCommand;
import dev.capstan.cli.pipeline.ReproCommand;
import dev.capstan.cli.pipeline.ScheduleCommand;
import dev.capstan.cli.pipeline.StatusCommand;
import dev.capstan.cli.pipeline.ValuesCommands;
import dev.capstan.cli.quickstart.QuickstartCommand;
import dev.capstan.cli.registry.ModelsCommand;
import dev.capstan.cli.deploy.DeployCommand;
import dev.capstan.cli.serve.PredictBatchCommand;
import dev.capstan.cli.serve.ServeCommand;
import dev.capstan.cli.server.ServerCommand;
import dev.capstan.cli.tracking.ExperimentsCommand;
import dev.capstan.cli.tracking.RunsCommand;
import dev.capstan.cli.train.EvaluateCommand;
import dev.capstan.cli.train.GateCommand;
import dev.capstan.cli.train.TrainCommand;
import dev.capstan.cli.validate.ValidateCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.List;

/**
 * The {@code capstan} command line: a thin shell of picocli commands over Capstan's services. Every failure is
 * reported by {@link Failures}, which maps error codes to exit codes. Subcommands inherit the help and version
 * options and the exit-code list.
 */
@Command(name = "capstan", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, usageHelpWidth = 100,
        versionProvider = CapstanCli.VersionInfo.class,
        description = "Self-hosted MLOps platform. Its tracking server speaks the MLflow 2.x REST API.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:other failure", "2:invalid input or usage",
                "3:no such experiment, run, model or resource", "4:store or server temporarily unavailable"})
public final class CapstanCli implements Runnable {

    /** The subcommands, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(QuickstartCommand.class, ServerCommand.class,
            ExperimentsCommand.class, RunsCommand.class, ModelsCommand.class, RemoteCommand.class, DbCommand.class,
            InitCommand.class, DataCommand.class, ReproCommand.class, DagCommand.class, StatusCommand.class, ValuesCommands.Params.class,
            ValuesCommands.Metrics.class, ValuesCommands.Plots.class, ExpCommand.class, ScheduleCommand.class,
            ValidateCommand.class, TrainCommand.class, EvaluateCommand.class, GateCommand.class, ServeCommand.class,
            PredictBatchCommand.class, DeployCommand.class, MonitorCommand.class, RetrainCommand.class,
            CommandLine.HelpCommand.class);

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("quickstart")) {
            // the tour says what happens step by step; the server's routine lines would only interleave with it
            System.setProperty("org.slf4j.simpleLogger.log.dev.capstan.server.serving", "warn");
        }
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The configured command line for {@code args}, for {@link #main} and for tests that run commands in-process.
     * Picocli builds a command's model by reflection, which for all of them takes most of a second before anything
     * runs; so when {@code args} name a command, only that one is built (help and usage errors build them all).
     */
    public static CommandLine commandLine(String... args) {
        CommandLine cli = new CommandLine(new CapstanCli())
                .setExecutionExceptionHandler(new Failures());
        String named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse(null);
        List<Class<?>> chosen = COMMANDS.stream().filter(c -> isNamed(c, named)).toList();
        for (Class<?> command : chosen.isEmpty() || named.equals("help") ? COMMANDS : chosen) {
            cli.addSubcommand(command);
        }
        return cli.setCaseInsensitiveEnumValuesAllowed(true);   // after adding: it applies to the subcommands there
    }

    private static boolean isNamed(Class<?> command, String name) {
        Command annotation = command.getAnnotation(Command.class);
        return annotation.name().equals(name) || Arrays.asList(annotation.aliases()).contains(name);
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
