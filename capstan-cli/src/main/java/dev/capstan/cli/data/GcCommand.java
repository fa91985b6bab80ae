package dev.capstan.cli.data;

import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.CapstanException;
import dev.capstan.data.CacheGc;
import dev.capstan.data.DataRepo;
import dev.capstan.data.DataVersioning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code data gc -w}: {@code dvc gc --workspace}, removing cache objects that no {@code .dvc} file uses. */
@Command(name = "gc", description = "Remove from the cache what the workspace's .dvc files do not use.")
final class GcCommand implements Runnable {

    @Spec
    private CommandSpec spec;
    @Mixin
    private RepoOptions options;
    @Option(names = {"-w", "--workspace"}, required = true,
            description = "Keep only what the workspace uses (the one scope supported; as DVC, it must be given).")
    private boolean workspace;
    @Option(names = "--dry", description = "Only say what would be removed.")
    private boolean dry;
    @Option(names = {"-f", "--force"}, description = "Do not ask for confirmation.")
    private boolean force;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (!dry && !force && !confirmed()) {
            throw CapstanException.invalid("gc removes cache objects: confirm with -f/--force, or preview with --dry");
        }
        DataRepo repo = options.repo();
        CacheGc.Result result;
        try (DataVersioning data = new DataVersioning(repo)) {
            result = CacheGc.collect(repo.cache(), data.dvcFiles(), dry);
        }
        if (dry) {
            result.removed().stream().limit(20).forEach(hash -> out.println("would remove\t" + hash));
        }
        out.printf("%s %d object(s), %s; kept %d used by the workspace%s%n", dry ? "Would remove" : "Removed",
                result.removed().size(), DataCommand.bytes(result.bytes()), result.kept(),
                result.staleTemps() > 0 ? "; " + result.staleTemps() + " stale temporary file(s)" : "");
        out.flush();
    }

    /** DVC's question, asked only on a terminal. */
    private static boolean confirmed() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        String answer = console.readLine("This will remove all cache except items used in the workspace of the current "
                + "repo. Are you sure you want to proceed? [y/n] ");
        return answer != null && List.of("y", "yes").contains(answer.strip().toLowerCase(Locale.ROOT));
    }
}
