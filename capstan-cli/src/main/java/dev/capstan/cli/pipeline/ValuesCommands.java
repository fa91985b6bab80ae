package dev.capstan.cli.pipeline;

import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.OutputFiles;
import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.data.DataRepo;
import dev.capstan.data.internal.YamlBlocks;
import dev.capstan.pipeline.PipelineValues;
import dev.capstan.pipeline.PlotsPage;
import dev.capstan.pipeline.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** {@code capstan params diff} and {@code capstan metrics show|diff}: DVC's commands over the pipeline's files. */
public final class ValuesCommands {

    private ValuesCommands() {
    }

    @Command(name = "params", description = "Compare the pipeline's parameters with a git revision.",
            subcommands = ParamsDiff.class)
    public static final class Params {
    }

    @Command(name = "metrics", description = "Show the pipeline's metrics, or compare them with a git revision.",
            subcommands = {MetricsShow.class, MetricsDiff.class})
    public static final class Metrics {
    }

    @Command(name = "plots", description = "Render the pipeline's plots.", subcommands = PlotsShow.class)
    public static final class Plots {
    }

    @Command(name = "show", description = "Render the stages' plots files (CSV, TSV, JSON, YAML) to one self-contained "
            + "HTML page with the linear, scatter and confusion templates.")
    static final class PlotsShow implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private RepoOptions options;
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where to write the page (default: "
                + "dvc_plots/index.html, as DVC).")
        private Path out;

        @Override
        public void run() {
            DataRepo repo = options.repo();
            Path page = out != null ? options.workDir().resolve(out) : repo.root().resolve("dvc_plots/index.html");
            String html = PlotsPage.render(DagCommand.stages(repo), repo.root());
            OutputFiles.write(page, writer -> writer.print(html));
            spec.commandLine().getOut().println("Wrote " + page);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "diff", description = "Parameters that differ between REV (default: HEAD) and the workspace.")
    static final class ParamsDiff extends Diff {
        ParamsDiff() {
            super("Param", PipelineValues::paramsFiles);
        }
    }

    @Command(name = "diff", description = "Metrics that differ between REV (default: HEAD) and the workspace.")
    static final class MetricsDiff extends Diff {
        MetricsDiff() {
            super("Metric", PipelineValues::metricsFiles);
        }
    }

    @Command(name = "show", description = "The metrics in the stages' metrics files (JSON, YAML or TOML).")
    static final class MetricsShow implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private RepoOptions options;
        @Option(names = "--json", description = "Print {\"file\": {\"key\": value}} as JSON.")
        private boolean json;

        @Override
        public void run() {
            DataRepo repo = options.repo();
            List<Stage> stages = DagCommand.stages(repo);
            Map<String, Map<String, Object>> metrics = PipelineValues.workspace(repo.root(),
                    PipelineValues.metricsFiles(stages, repo.root()));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, metrics);
                return;
            }
            TextTable table = new TextTable(List.of(TextTable.Column.left("Path"), TextTable.Column.left("Metric"),
                    TextTable.Column.right("Value")));
            metrics.forEach((file, values) -> values.forEach((key, value) -> table.row(file, key, text(value))));
            table.print(out);
            out.flush();
        }
    }

    /** A diff of the values in some of the pipeline's files between a revision and the workspace. */
    abstract static class Diff implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private RepoOptions options;
        @Parameters(arity = "0..1", paramLabel = "REV", defaultValue = "HEAD", description = "A git revision (default: HEAD).")
        private String rev;
        @Option(names = "--all", description = "Also the values that did not change.")
        private boolean all;
        @Option(names = "--json", description = "Print {\"file\": {\"key\": {\"old\": ..., \"new\": ...}}} as JSON.")
        private boolean json;

        private final String what;
        private final BiFunction<List<Stage>, Path, Set<String>> files;

        Diff(String what, BiFunction<List<Stage>, Path, Set<String>> files) {
            this.what = what;
            this.files = files;
        }

        @Override
        public void run() {
            DataRepo repo = options.repo();
            Set<String> chosen = files.apply(DagCommand.stages(repo), repo.root());
            List<PipelineValues.Change> changes = PipelineValues.diff(
                    PipelineValues.atRevision(repo.root(), rev, chosen, repo.tmpDir()),
                    PipelineValues.workspace(repo.root(), chosen), all);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Map<String, Object>> byFile = new LinkedHashMap<>();
                for (PipelineValues.Change c : changes) {
                    Map<String, Object> pair = new LinkedHashMap<>();
                    pair.put("old", c.before());
                    pair.put("new", c.after());
                    byFile.computeIfAbsent(c.file(), f -> new LinkedHashMap<>()).put(c.key(), pair);
                }
                JsonOutput.print(out, byFile);
                return;
            }
            TextTable table = new TextTable(List.of(TextTable.Column.left("Path"), TextTable.Column.left(what),
                    TextTable.Column.right(rev), TextTable.Column.right("workspace"), TextTable.Column.right("Change")));
            changes.forEach(c -> table.row(c.file(), c.key(), text(c.before()), text(c.after()), change(c)));
            table.print(out);
            out.flush();
        }
    }

    private static String change(PipelineValues.Change c) {
        if (c.before() instanceof Number b && c.after() instanceof Number a) {
            return YamlBlocks.scalar(a.doubleValue() - b.doubleValue());
        }
        return "-";
    }

    private static String text(Object value) {
        return value == null ? "-" : value instanceof Map<?, ?> || value instanceof List<?> ? value.toString()
                : YamlBlocks.scalar(value);
    }
}
