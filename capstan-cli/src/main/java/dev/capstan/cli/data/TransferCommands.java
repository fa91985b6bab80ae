package dev.capstan.cli.data;

import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.data.CheckoutResult;
import dev.capstan.data.DataRepo;
import dev.capstan.data.DataVersioning;
import dev.capstan.data.DvcConfig;
import dev.capstan.data.DvcFile;
import dev.capstan.data.ProgressListener;
import dev.capstan.data.remote.DataRemote;
import dev.capstan.data.remote.DataRemotes;
import dev.capstan.data.remote.ObjectTransfer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code capstan data push|pull|fetch}: DVC's transfers between the cache and a remote. */
final class TransferCommands {

    private TransferCommands() {
    }

    /** What every transfer takes: targets, the remote and the parallelism. */
    static class TransferOptions {
        @Mixin
        RepoOptions repo;
        @Parameters(arity = "0..*", paramLabel = "TARGET", description = ".dvc files or tracked paths (default: all).")
        List<String> targets;
        @Option(names = {"-r", "--remote"}, paramLabel = "NAME", description = "The remote (default: core.remote).")
        String remote;
        @Option(names = {"-j", "--jobs"}, paramLabel = "N",
                description = "Objects transferred at once (default: 4 x the number of cores).")
        Integer jobs;

        int jobs() {
            return jobs != null ? jobs : 4 * Runtime.getRuntime().availableProcessors();
        }

        /** The hashes of the targets' outputs. */
        Set<String> outputHashes(DataVersioning data) {
            Set<String> hashes = new LinkedHashSet<>();
            for (DvcFile file : data.resolve(repo.resolve(targets))) {
                file.outs().forEach(out -> hashes.add(out.md5()));
            }
            return hashes;
        }

        DataRemote open(DataRepo dataRepo) {
            return DataRemotes.open(dataRepo.root(), DvcConfig.load(dataRepo.root()), remote);
        }
    }

    @Command(name = "push", description = "Upload the tracked data that the remote lacks.")
    static final class Push implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TransferOptions options;

        @Override
        public void run() {
            DataRepo repo = options.repo.repo();
            ObjectTransfer.Result result;
            try (DataVersioning data = new DataVersioning(repo); DataRemote remote = options.open(repo)) {
                result = new ObjectTransfer(repo.cache(), remote, options.jobs(),
                        new CliProgress(spec.commandLine().getErr())).push(options.outputHashes(data));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(result.transferred() == 0 && result.ok() ? "Everything is up to date."
                    : result.transferred() + " file(s) pushed");
            report(result, "push", "not in the cache, so not pushed: run `capstan data add` or `capstan data pull` "
                    + "where they exist", out);
        }
    }

    @Command(name = "fetch", description = "Download into the cache the tracked data it lacks, checking each object.")
    static final class Fetch implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TransferOptions options;

        @Override
        public void run() {
            DataRepo repo = options.repo.repo();
            PrintWriter out = spec.commandLine().getOut();
            report(fetch(repo, options, spec), "fetch", "not on the remote", out);
        }
    }

    /** {@code data pull}: fetch, then check out only when every object arrived (a checkout is all or nothing). */
    @Command(name = "pull", description = "Fetch, then check out: bring the tracked data into the workspace.")
    static final class Pull implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TransferOptions options;
        @Option(names = {"-f", "--force"}, description = "Discard workspace changes to tracked data without asking.")
        private boolean force;

        @Override
        public void run() {
            DataRepo repo = options.repo.repo();
            PrintWriter out = spec.commandLine().getOut();
            ObjectTransfer.Result fetched = fetch(repo, options, spec);
            report(fetched, "pull", "not on the remote, so nothing was checked out", out);
            CheckoutResult checkout;
            try (DataVersioning data = new DataVersioning(repo)) {
                checkout = data.checkout(options.repo.resolve(options.targets), force,
                        new CliProgress(spec.commandLine().getErr()));
            }
            out.printf("%d file(s) restored, %d removed, %d unchanged%n", checkout.restored().size(),
                    checkout.removed().size(), checkout.unchanged());
        }
    }

    /** {@code data status -c}: DVC's cloud status, one line per output that is not in sync. */
    static void cloudStatus(RepoOptions repoOptions, List<String> targets, String remoteName, boolean json,
                            PrintWriter out) {
        DataRepo repo = repoOptions.repo();
        DvcConfig config = DvcConfig.load(repo.root());
        String name = remoteName != null ? remoteName : config.get("core", "remote");
        Map<String, String> status;
        try (DataVersioning data = new DataVersioning(repo);
             DataRemote remote = DataRemotes.open(repo.root(), config, remoteName)) {
            Map<String, String> outputs = new LinkedHashMap<>();
            for (DvcFile file : data.resolve(repoOptions.resolve(targets))) {
                file.outs().forEach(o -> outputs.put(repo.relative(file.outputPath(o)) + (o.isDir() ? "/" : ""), o.md5()));
            }
            status = new ObjectTransfer(repo.cache(), remote, 1, ProgressListener.NONE).cloudStatus(outputs);
        }
        if (json) {
            JsonOutput.print(out, status);
        } else if (status.isEmpty()) {
            out.printf("Cache and remote '%s' are in sync.%n", name);
        } else {
            status.forEach((path, s) -> out.println("\t" + s + ":" + " ".repeat(Math.max(1, 19 - s.length())) + path));
        }
        out.flush();
    }

    private static ObjectTransfer.Result fetch(DataRepo repo, TransferOptions options, CommandSpec spec) {
        ObjectTransfer.Result result;
        try (DataVersioning data = new DataVersioning(repo); DataRemote remote = options.open(repo)) {
            result = new ObjectTransfer(repo.cache(), remote, options.jobs(),
                    new CliProgress(spec.commandLine().getErr())).fetch(options.outputHashes(data));
        }
        spec.commandLine().getOut().println(result.transferred() == 0 && result.ok() ? "Everything is up to date."
                : result.transferred() + " file(s) fetched");
        return result;
    }

    /** Lists what was missing or failed, then fails the command so that scripts notice. */
    private static void report(ObjectTransfer.Result result, String verb, String missingMeans, PrintWriter out) {
        out.flush();
        if (result.ok()) {
            return;
        }
        StringBuilder message = new StringBuilder("failed to " + verb + " " + (result.missing().size()
                + result.failed().size()) + " object(s)");
        if (!result.missing().isEmpty()) {
            message.append("\n  ").append(result.missing().size()).append(" ").append(missingMeans).append(": ")
                    .append(String.join(", ", result.missing().subList(0, Math.min(10, result.missing().size()))))
                    .append(result.missing().size() > 10 ? ", ..." : "");
        }
        result.failed().stream().limit(10).forEach(f -> message.append("\n  ").append(f));
        throw new CapstanException(result.missing().isEmpty() ? ErrorCode.INTERNAL_ERROR
                : ErrorCode.RESOURCE_DOES_NOT_EXIST, message.toString());
    }
}
