package dev.capstan.cli.data;

import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.data.CheckoutResult;
import dev.capstan.data.DataRepo;
import dev.capstan.data.DataVersioning;
import dev.capstan.data.DvcFile;
import dev.capstan.data.OutputStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code capstan data add|status|checkout|diff|push|pull|fetch|gc}: data versioning in DVC 3's repository formats. */
@Command(name = "data", description = "Version data in DVC 3's formats: add, status, checkout, diff, push, pull, fetch, gc.",
        subcommands = {DataCommand.Add.class, DataCommand.Status.class, DataCommand.Checkout.class,
                TransferCommands.Push.class, TransferCommands.Pull.class, TransferCommands.Fetch.class,
                GcCommand.class, DiffCommand.class})
public final class DataCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: add, status, checkout, diff, push, pull, fetch or gc");
    }

    /** {@code data add}: {@code dvc add}. */
    @Command(name = "add", description = "Track files or directories: hash them, store them in the cache, write "
            + "PATH.dvc and add PATH to .gitignore.")
    static final class Add implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private RepoOptions options;
        @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories inside the repository.")
        private List<String> paths;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            DataRepo repo = options.repo();
            List<DvcFile> written;
            try (DataVersioning data = new DataVersioning(repo)) {
                written = data.add(options.resolve(paths), new CliProgress(spec.commandLine().getErr()));
            }
            Set<String> toGit = new LinkedHashSet<>();
            for (DvcFile file : written) {
                DvcFile.Output o = file.outs().get(0);
                String rel = repo.relative(file.outputPath(o));
                out.printf("Added %s (%s, %s): %s%n", rel, o.isDir() ? o.nfiles() + " files" : "1 file", bytes(o.size()),
                        o.md5());
                toGit.add(repo.relative(file.file()));
                if (!repo.noScm()) {
                    toGit.add(repo.relative(file.file().resolveSibling(".gitignore")));
                }
            }
            if (!repo.noScm()) {
                out.printf("%nTo track the changes with git, run:%n%n\tgit add %s%n", String.join(" ", toGit));
            }
            out.flush();
        }
    }

    /** {@code data status}: {@code dvc status} for the workspace. */
    @Command(name = "status", description = "Show what changed in the workspace compared with the .dvc files, or "
            + "with -c what differs between the cache and a remote.")
    static final class Status implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private RepoOptions options;
        @Parameters(arity = "0..*", paramLabel = "TARGET", description = ".dvc files or tracked paths (default: all).")
        private List<String> targets;
        @Option(names = "--json", description = "Print DVC's JSON: {\"x.dvc\": [{\"changed outs\": {\"x\": \"modified\"}}]}.")
        private boolean json;
        @Option(names = {"-c", "--cloud"}, description = "Compare the cache with a remote instead: new, deleted, missing.")
        private boolean cloud;
        @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "The remote for -c (default: core.remote).")
        private String remote;

        @Override
        public void run() {
            if (cloud) {
                TransferCommands.cloudStatus(options, targets, remote, json, spec.commandLine().getOut());
                return;
            }
            List<OutputStatus> statuses;
            try (DataVersioning data = new DataVersioning(options.repo())) {
                statuses = data.status(options.resolve(targets));
            }
            Map<String, Object> report = report(statuses);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, report);
                return;
            }
            if (statuses.isEmpty()) {
                out.println("There are no data or pipelines tracked in this project yet.");
            } else if (report.isEmpty()) {
                out.println("Data and pipelines are up to date.");
            } else {
                print(report, out);
            }
            out.flush();
        }

        /** DVC's status shape; files changed inside tracked directories go under {@code changed files}. */
        static Map<String, Object> report(List<OutputStatus> statuses) {
            Map<String, Object> report = new LinkedHashMap<>();
            for (OutputStatus s : statuses) {
                if (s.upToDate()) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                List<Map<String, Map<String, String>>> entries = (List<Map<String, Map<String, String>>>)
                        report.computeIfAbsent(s.dvcFile(), k -> new ArrayList<>());
                section(entries, "changed outs").put(s.path(), s.status());
                if (!s.changes().isEmpty()) {
                    Map<String, String> files = section(entries, "changed files");
                    s.changes().forEach(c -> files.put(c.path(), c.kind()));
                }
            }
            return report;
        }

        private static Map<String, String> section(List<Map<String, Map<String, String>>> entries, String name) {
            for (Map<String, Map<String, String>> e : entries) {
                if (e.containsKey(name)) {
                    return e.get(name);
                }
            }
            Map<String, String> section = new LinkedHashMap<>();
            entries.add(new LinkedHashMap<>(Map.of(name, section)));
            return section;
        }

        @SuppressWarnings("unchecked")
        private static void print(Map<String, Object> report, PrintWriter out) {
            report.forEach((file, entries) -> {
                out.println(file + ":");
                for (Map<String, Map<String, String>> entry : (List<Map<String, Map<String, String>>>) entries) {
                    entry.forEach((section, items) -> {
                        out.println("\t" + section + ":");
                        items.forEach((path, status) -> out.println("\t\t" + pad(status) + path));
                    });
                }
            });
        }

        /** DVC pads {@code status:} to 20 characters. */
        private static String pad(String status) {
            String s = status + ":";
            return s + " ".repeat(Math.max(1, 20 - s.length()));
        }
    }

    /** {@code data checkout}: {@code dvc checkout}. */
    @Command(name = "checkout", description = "Restore tracked files and directories in the workspace from the cache.")
    static final class Checkout implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private RepoOptions options;
        @Parameters(arity = "0..*", paramLabel = "TARGET", description = ".dvc files or tracked paths (default: all).")
        private List<String> targets;
        @Option(names = {"-f", "--force"}, description = "Discard workspace changes to tracked data without asking.")
        private boolean force;

        @Override
        public void run() {
            CheckoutResult result;
            try (DataVersioning data = new DataVersioning(options.repo())) {
                result = data.checkout(options.resolve(targets), force, new CliProgress(spec.commandLine().getErr()));
            }
            PrintWriter out = spec.commandLine().getOut();
            result.removed().forEach(r -> out.println("D\t" + r));
            if (result.restored().size() <= 20) {
                result.restored().forEach(r -> out.println("A\t" + r));
            }
            out.printf("%d file(s) restored, %d removed, %d unchanged%n", result.restored().size(),
                    result.removed().size(), result.unchanged());
            out.flush();
        }
    }

    static String bytes(Long size) {
        if (size == null) {
            return "? B";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = size;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? size + " B" : String.format("%.1f %s", v, units[u]);
    }
}
