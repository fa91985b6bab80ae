package dev.capstan.cli.data;

import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.data.DataRepo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** {@code capstan init}: DVC 3's {@code dvc init}, creating {@code .dvc/} exactly as DVC lays it out. */
@Command(name = "init", description = "Initialize a DVC repository (.dvc/config, .dvc/.gitignore, .dvcignore) in a git "
        + "repository, or anywhere with --no-scm.")
public final class InitCommand implements Runnable {
    @Spec
    private CommandSpec spec;
    @Mixin
    private RepoOptions options;
    @Parameters(arity = "0..1", paramLabel = "DIR", description = "The repository root (default: the current directory).")
    private String dir;
    @Option(names = "--no-scm", description = "Initialize without git: writes no_scm = True under [core].")
    private boolean noScm;
    @Option(names = {"-f", "--force"}, description = "Overwrite an existing .dvc directory (its cache is deleted).")
    private boolean force;

    @Override
    public void run() {
        DataRepo repo = DataRepo.init(options.resolve(dir == null ? "." : dir), noScm, force);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Initialized DVC repository in %s%n", repo.root());
        if (!noScm) {
            out.println("You can now commit the changes to git: git add .dvc .dvcignore");
        }
        out.flush();
    }
}
