package dev.capstan.pipeline;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One stage of a {@code dvc.yaml}, as DVC resolves it: variables interpolated and {@code foreach}/{@code matrix}
 * expanded (an expanded stage is named {@code name@key}). Paths are as written, relative to {@link #workDir()}.
 *
 * @param name          the stage's name in {@code dvc.yaml} and {@code dvc.lock}
 * @param dvcYaml       the file that defines it
 * @param cmd           the commands, run one after the other (a string in {@code dvc.yaml} is one command)
 * @param wdir          {@code wdir} as written, relative to the directory of {@code dvcYaml}; {@code "."} if absent
 * @param deps          dependency paths
 * @param params        parameter dependencies
 * @param outs          outputs, metrics and plots, in that order
 * @param frozen        never run by {@code repro}
 * @param alwaysChanged always run by {@code repro}
 * @param desc          the description, or null
 * @param meta          {@code meta} as written (Capstan reads {@code meta.capstan}); empty if absent
 * @param cmdIsList     whether {@code cmd} is written as a list, which {@code dvc.lock} repeats (a list of one
 *                      command stays a list there, and in the run-cache's key)
 */
public record Stage(String name, Path dvcYaml, List<String> cmd, String wdir, List<String> deps,
                    List<ParamsDependency> params, List<Output> outs, boolean frozen, boolean alwaysChanged,
                    String desc, Map<String, Object> meta, boolean cmdIsList) {

    public Stage {
        cmd = List.copyOf(cmd);
        deps = List.copyOf(deps);
        params = List.copyOf(params);
        outs = List.copyOf(outs);
        meta = Map.copyOf(meta);
    }

    /** A stage whose commands are written as a string when there is one, else as a list. */
    public Stage(String name, Path dvcYaml, List<String> cmd, String wdir, List<String> deps,
                 List<ParamsDependency> params, List<Output> outs, boolean frozen, boolean alwaysChanged,
                 String desc, Map<String, Object> meta) {
        this(name, dvcYaml, cmd, wdir, deps, params, outs, frozen, alwaysChanged, desc, meta, cmd.size() != 1);
    }

    /**
     * The stage's name inside its {@code dvc.yaml} and {@code dvc.lock}: {@link #name()} without the
     * {@code path/dvc.yaml:} that addresses a stage of a file below the repository root.
     */
    public String nameInFile() {
        return name.substring(name.lastIndexOf(':') + 1);
    }

    /** The directory the commands run in, and that paths are relative to. */
    public Path workDir() {
        return dvcYaml.toAbsolutePath().getParent().resolve(wdir).normalize();
    }

    /**
     * Parameter keys a stage depends on, from one file: {@code params: [lr]} is {@code params.yaml} with key
     * {@code lr}; {@code params: [{conf.json: [a.b]}]} names the file; a file with no keys means all of its keys.
     *
     * @param file the params file, relative to the stage's work directory
     * @param keys dotted keys; empty for the whole file
     */
    public record ParamsDependency(String file, List<String> keys) {

        /** The params file of a bare key, and the one DVC loads as variables by default. */
        public static final String DEFAULT_FILE = "params.yaml";

        public ParamsDependency {
            keys = List.copyOf(keys);
        }
    }

    /**
     * An output: from {@code outs}, {@code metrics} or {@code plots}.
     *
     * @param path    as written, relative to the stage's work directory
     * @param kind    the section it is listed in
     * @param cache   committed to the cache ({@code cache: false} keeps it in git instead)
     * @param persist not removed before the stage runs
     * @param push    pushed to remotes
     * @param plot    a plot's properties as written ({@code template}, {@code x}, {@code y}, {@code title},
     *                {@code x_label}, {@code y_label}); empty otherwise
     */
    public record Output(String path, Kind kind, boolean cache, boolean persist, boolean push, Map<String, Object> plot) {

        public Output {
            plot = Map.copyOf(plot);
        }

        /** An output without plot properties. */
        public Output(String path, Kind kind, boolean cache, boolean persist, boolean push) {
            this(path, kind, cache, persist, push, Map.of());
        }

        /** The {@code dvc.yaml} section an output is listed in. */
        public enum Kind { OUTS, METRICS, PLOTS }
    }
}
