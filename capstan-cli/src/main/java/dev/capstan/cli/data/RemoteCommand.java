package dev.capstan.cli.data;

import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.data.DvcConfig;
import dev.capstan.data.DvcConfig.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code capstan remote add|list|default|modify|remove|rename}: DVC's data remotes, in {@code .dvc/config} (or
 * {@code .dvc/config.local} with {@code --local}), with DVC's names, options and messages. Credentials given to
 * {@code modify} always go to {@code config.local}, which git ignores.
 */
@Command(name = "remote", description = "Set up and manage data remotes (DVC's .dvc/config).",
        subcommands = {RemoteCommand.Add.class, RemoteCommand.ListRemotes.class, RemoteCommand.Default.class,
                RemoteCommand.Modify.class, RemoteCommand.Remove.class, RemoteCommand.Rename.class})
public final class RemoteCommand implements Runnable {

    /** The options {@code modify} accepts: DVC's for every remote, local directories and S3. */
    static final Set<String> OPTIONS = new TreeSet<>(List.of("url", "jobs", "verify", "checksum_jobs", "version_aware",
            "worktree", "region", "profile", "credentialpath", "configpath", "endpointurl", "access_key_id",
            "secret_access_key", "session_token", "use_ssl", "ssl_verify", "sse", "sse_kms_key_id",
            "sse_customer_algorithm", "sse_customer_key", "acl", "grant_read", "grant_read_acp", "grant_write_acp",
            "grant_full_control", "allow_anonymous_login", "listobjects", "read_timeout", "connect_timeout"));

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing subcommand: add, list, default, modify, remove or rename");
    }

    /** Options shared by the subcommands: the repository and which config file to write. */
    static class Scope {
        @Option(names = "--local", description = "Use .dvc/config.local (ignored by git) instead of .dvc/config.")
        boolean local;
        @Mixin
        RepoOptions repo;

        Level level() {
            return local ? Level.LOCAL : Level.REPO;
        }

        Path root() {
            return repo.repo().root();
        }

        DvcConfig load() {
            return DvcConfig.load(root());
        }
    }

    @Command(name = "add", description = "Add a data remote.")
    static final class Add implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Scope scope;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;
        @Parameters(index = "1", paramLabel = "URL",
                description = "A directory (relative paths are from the current directory) or s3://bucket/prefix.")
        private String url;
        @Option(names = {"-d", "--default"}, description = "Set as the default remote.")
        private boolean makeDefault;
        @Option(names = {"-f", "--force"}, description = "Replace a remote with that name.")
        private boolean force;

        @Override
        public void run() {
            String remote = name.toLowerCase(Locale.ROOT);
            Path root = scope.root();
            DvcConfig config = DvcConfig.load(root);
            String section = DvcConfig.remoteSection(remote);
            if (config.remoteNames().contains(remote) && !force) {
                throw new CapstanException(ErrorCode.RESOURCE_ALREADY_EXISTS,
                        "remote '" + remote + "' already exists. Use `-f|--force` to overwrite it.");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (makeDefault) {
                out.printf("Setting '%s' as a default remote.%n", remote);
            }
            config.removeSection(scope.level(), section);
            config.set(scope.level(), section, "url", RemoteUrls.forConfig(url, scope.repo.workDir(), root.resolve(".dvc")));
            if (makeDefault) {
                config.set(scope.level(), "core", "remote", remote);
            }
            config.save();
        }
    }

    @Command(name = "list", description = "List the data remotes: name, URL, and (default).")
    static final class ListRemotes implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Scope scope;
        @Option(names = "--json", description = "Print a JSON object of remotes instead.")
        private boolean json;

        @Override
        public void run() {
            DvcConfig config = scope.load();
            String defaultRemote = config.get("core", "remote");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                List<Map<String, Object>> remotes = new ArrayList<>();
                for (String name : config.remoteNames()) {
                    Map<String, Object> remote = new LinkedHashMap<>();
                    remote.put("name", name);
                    remote.put("url", config.get(DvcConfig.remoteSection(name), "url"));
                    remote.put("default", name.equals(defaultRemote));
                    remotes.add(remote);
                }
                JsonOutput.print(out, Map.of("remotes", remotes));
                return;
            }
            for (String name : config.remoteNames()) {
                String url = config.get(DvcConfig.remoteSection(name), "url");
                out.println(name + "\t" + url + (name.equals(defaultRemote) ? "\t(default)" : ""));
            }
        }
    }

    @Command(name = "default", description = "Print, set or unset (--unset) the default remote.")
    static final class Default implements Callable<Integer> {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Scope scope;
        @Parameters(paramLabel = "NAME", arity = "0..1")
        private String name;
        @Option(names = {"-u", "--unset"}, description = "Unset the default remote.")
        private boolean unset;

        @Override
        public Integer call() {
            DvcConfig config = scope.load();
            PrintWriter out = spec.commandLine().getOut();
            if (name == null && !unset) {
                String current = config.get("core", "remote");
                out.println(current == null ? "No default remote set" : current);
                return current == null ? 1 : 0;
            }
            if (unset) {
                config.unset(scope.level(), "core", "remote");
            } else {
                String remote = name.toLowerCase(Locale.ROOT);
                if (!config.remoteNames().contains(remote)) {
                    throw CapstanException.invalid("default remote must be present in remote list: no remote '%s' "
                            + "(add it with `capstan remote add %s URL`)", remote, remote);
                }
                config.set(scope.level(), "core", "remote", remote);
            }
            config.save();
            return 0;
        }
    }

    @Command(name = "modify", description = "Set (or --unset) an option of a remote; credentials go to config.local.")
    static final class Modify implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private Scope scope;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;
        @Parameters(index = "1", paramLabel = "OPTION")
        private String option;
        @Parameters(index = "2", paramLabel = "VALUE", arity = "0..1")
        private String value;
        @Option(names = {"-u", "--unset"}, description = "Remove the option instead.")
        private boolean unset;

        @Override
        public void run() {
            if (unset == (value != null)) {
                throw new ParameterException(spec.commandLine(), unset ? "Give either VALUE or --unset, not both"
                        : "Missing VALUE for option '" + option + "' (or --unset)");
            }
            String remote = name.toLowerCase(Locale.ROOT);
            String key = option.toLowerCase(Locale.ROOT);
            if (!OPTIONS.contains(key)) {
                throw CapstanException.invalid("Unknown remote option '%s': expected one of %s", option, OPTIONS);
            }
            Path root = scope.root();
            DvcConfig config = DvcConfig.load(root);
            if (!config.remoteNames().contains(remote)) {
                throw CapstanException.notFound("remote '%s' doesn't exist.", remote);
            }
            boolean secret = DvcConfig.isSecret(key);
            Level level = secret ? Level.LOCAL : scope.level();
            String section = DvcConfig.remoteSection(remote);
            if (unset) {
                config.unset(Level.REPO, section, key);
                config.unset(Level.LOCAL, section, key);
            } else {
                config.set(level, section, key, key.equals("url") ? RemoteUrls.forConfig(value, scope.repo.workDir(), root.resolve(".dvc")) : value);
                if (secret && !scope.local) {
                    spec.commandLine().getOut().printf("'%s' is a credential: stored in .dvc/config.local, which git "
                            + "ignores.%n", key);
                }
            }
            config.save();
        }
    }

    @Command(name = "remove", description = "Remove a remote (and unset it as the default).")
    static final class Remove implements Runnable {
        @Mixin
        private Scope scope;
        @Parameters(paramLabel = "NAME")
        private String name;

        @Override
        public void run() {
            String remote = name.toLowerCase(Locale.ROOT);
            DvcConfig config = scope.load();
            String section = DvcConfig.remoteSection(remote);
            boolean removed = config.removeSection(scope.level(), section);
            if (!scope.local) {
                removed |= config.removeSection(Level.LOCAL, section);
            }
            if (!removed) {
                throw CapstanException.notFound("remote '%s' doesn't exist.", remote);
            }
            for (Level level : Level.values()) {
                if (remote.equals(config.sectionAt(level, "core").get("remote"))) {
                    config.unset(level, "core", "remote");
                }
            }
            config.save();
        }
    }

    @Command(name = "rename", description = "Rename a remote (and the default, if it was that one).")
    static final class Rename implements Runnable {
        @Mixin
        private Scope scope;
        @Parameters(index = "0", paramLabel = "NAME")
        private String name;
        @Parameters(index = "1", paramLabel = "NEW")
        private String newName;

        @Override
        public void run() {
            String from = name.toLowerCase(Locale.ROOT);
            String to = newName.toLowerCase(Locale.ROOT);
            DvcConfig config = scope.load();
            if (config.remoteNames().contains(to)) {
                throw new CapstanException(ErrorCode.RESOURCE_ALREADY_EXISTS,
                        "Rename failed. Remote name '" + to + "' already exists.");
            }
            if (!config.remoteNames().contains(from)) {
                throw CapstanException.notFound("remote '%s' doesn't exist.", from);
            }
            for (Level level : Level.values()) {
                Map<String, String> entries = new LinkedHashMap<>(config.sectionAt(level, DvcConfig.remoteSection(from)));
                if (config.removeSection(level, DvcConfig.remoteSection(from))) {
                    entries.forEach((k, v) -> config.set(level, DvcConfig.remoteSection(to), k, v));
                }
                if (from.equals(config.sectionAt(level, "core").get("remote"))) {
                    config.set(level, "core", "remote", to);
                }
            }
            config.save();
        }
    }
}
