package dev.capstan.cli.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.data.DataRepo;
import dev.capstan.pipeline.Dag;
import dev.capstan.pipeline.PipelineFile;
import dev.capstan.pipeline.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import java.util.TreeSet;

/** {@code capstan dag}: the pipeline's stages and what each depends on, as text, Mermaid or DOT. */
@Command(name = "dag", description = "Show the pipeline in dvc.yaml as a graph: each stage after the stages it "
        + "depends on.")
public final class DagCommand implements Runnable {

    @Spec
    private CommandSpec spec;
    @Mixin
    private RepoOptions options;
    @Option(names = "--mermaid", description = "Print a Mermaid flowchart.")
    private boolean mermaid;
    @Option(names = "--dot", description = "Print Graphviz DOT.")
    private boolean dot;

    @Override
    public void run() {
        Dag dag = Dag.of(stages(options.repo()));
        PrintWriter out = spec.commandLine().getOut();
        if (mermaid) {
            out.print(dag.mermaid());
        } else if (dot) {
            out.print(dag.dot());
        } else {
            for (Stage stage : dag.order(List.of(), false)) {
                TreeSet<String> upstream = new TreeSet<>(dag.upstream(stage.name()));
                out.println(upstream.isEmpty() ? stage.name() : stage.name() + " <- " + String.join(", ", upstream));
            }
        }
        out.flush();
    }

    /** The stages of the repository's {@code dvc.yaml} files, of which there must be one. */
    static List<Stage> stages(DataRepo repo) {
        List<Stage> stages = PipelineFile.readAll(repo.root());
        if (stages.isEmpty() && !Files.exists(repo.root().resolve(PipelineFile.NAME))) {
            throw CapstanException.notFound("There is no %s in %s", PipelineFile.NAME, repo.root());
        }
        return stages;
    }
}
