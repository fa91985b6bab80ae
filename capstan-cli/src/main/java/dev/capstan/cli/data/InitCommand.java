package dev.capstan.cli.data;

import dev.capstan.CapstanException;
import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.data.DataRepo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code capstan init}: DVC 3's {@code dvc init}, creating {@code .dvc/} exactly as DVC lays it out; with
 * {@code --template ml-project}, inside a new project that runs as generated.
 */
@Command(name = "init", description = "Initialize a DVC repository (.dvc/config, .dvc/.gitignore, .dvcignore) in a git "
        + "repository, or anywhere with --no-scm. --template ml-project first writes a whole project into DIR.")
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
    @Option(names = "--template", paramLabel = "NAME", description = "Write a project into DIR (new or empty) first: "
            + "ml-project (data, src, pipelines, tests, configs, dvc.yaml, params.yaml); outside git it is "
            + "initialized as with --no-scm.")
    private String template;
    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "The seed of the template's generated data (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Override
    public void run() {
        Path root = options.resolve(dir == null ? "." : dir);
        boolean withoutGit = noScm;
        if (template != null) {
            if (!template.equals(ProjectTemplate.NAME)) {
                throw CapstanException.invalid("Unknown template '%s'; templates: %s", template, ProjectTemplate.NAME);
            }
            ProjectTemplate.write(root, seed);
            withoutGit = noScm || !insideGit(root);
        }
        DataRepo repo = DataRepo.init(root, withoutGit, force);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Initialized DVC repository in %s%n", repo.root());
        if (template != null) {
            out.printf("Wrote the %s template: see %s. Run it with:%n  cd %s && capstan repro%n", template,
                    root.resolve("README.md"), root);
        } else if (!withoutGit) {
            out.println("You can now commit the changes to git: git add .dvc .dvcignore");
        }
        out.flush();
    }

    private static boolean insideGit(Path dir) {
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return true;
            }
        }
        return false;
    }
}
