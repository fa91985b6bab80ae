package dev.capstan.cli.pipeline;

import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.RepoOptions;
import dev.capstan.data.DataRepo;
import dev.capstan.pipeline.Repro;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code capstan status}: which stages {@code repro} would run, and why (for {@code .dvc} data: {@code data status}). */
@Command(name = "status", description = "Show which pipeline stages repro would run and why; nothing runs. "
        + "For data tracked by .dvc files, see `capstan data status`.")
public final class StatusCommand implements Runnable {

    @Spec
    private CommandSpec spec;
    @Mixin
    private RepoOptions options;
    @Parameters(arity = "0..*", paramLabel = "STAGE", description = "Stages, with what they depend on (default: all).")
    private List<String> targets;
    @Option(names = "--json", description = "Print {\"stage\": [reasons]} as JSON.")
    private boolean json;

    @Override
    public void run() {
        DataRepo repo = options.repo();
        List<Repro.Outcome> outcomes = new Repro(repo, line -> { }).run(
                DagCommand.stages(repo),
                new Repro.Options(targets == null ? List.of() : targets, false, false, 1, true, false));
        Map<String, List<String>> changed = new LinkedHashMap<>();
        outcomes.stream().filter(o -> o.result() == Repro.Result.WOULD_RUN).forEach(o -> changed.put(o.stage(), o.reasons()));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, changed);
            return;
        }
        if (changed.isEmpty()) {
            out.println("Data and pipelines are up to date.");
        }
        changed.forEach((stage, reasons) -> {
            out.println(stage + ":");
            reasons.forEach(r -> out.println("\t" + r));
        });
        out.flush();
    }
}
