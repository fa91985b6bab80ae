package dev.capstan.cli.tracking;

import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.RunTable;
import dev.capstan.tracking.Experiment;
import dev.capstan.tracking.Page;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.ViewType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code capstan runs list|describe|delete}. */
@Command(name = "runs", description = "Search, describe and delete runs.",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.DescribeRun.class, RunsCommand.DeleteRun.class})
public final class RunsCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: list, describe or delete");
    }

    /** {@code runs list}: a search with MLflow's filter and order_by grammar. */
    @Command(name = "list", description = "Search runs.")
    static final class ListRuns implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Option(names = {"--experiment", "-e"}, paramLabel = "ID_OR_NAME",
                description = "Only this experiment's runs (repeatable). Default: every active experiment.")
        private List<String> experiments = new ArrayList<>();
        @Option(names = "--filter", paramLabel = "EXPR",
                description = "e.g. \"metrics.val_loss < 0.4 AND params.poly_degree = '2'\"")
        private String filter;
        @Option(names = "--order-by", paramLabel = "KEY",
                description = "e.g. \"metrics.val_accuracy DESC\" (repeatable). Default: newest first.")
        private List<String> orderBy = new ArrayList<>();
        @Option(names = "--max-results", paramLabel = "N", defaultValue = "100",
                description = "At most this many runs (default: ${DEFAULT-VALUE}).")
        private int maxResults;
        @Option(names = "--json", description = "Print MLflow's JSON instead of a table.")
        private boolean json;

        @Override
        public void run() {
            try (TrackingStore store = tracking.open()) {
                Page<Run> page = store.searchRuns(new RunQuery(experimentIds(store), filter, ViewType.ACTIVE_ONLY,
                        maxResults, orderBy, null));
                print(page, spec.commandLine().getOut());
            }
        }

        private List<String> experimentIds(TrackingStore store) {
            List<Experiment> chosen = experiments.isEmpty() ? ExperimentRefs.all(store, ViewType.ACTIVE_ONLY)
                    : experiments.stream().map(e -> ExperimentRefs.resolve(store, e)).toList();
            return chosen.stream().map(Experiment::experimentId).toList();
        }

        private void print(Page<Run> page, PrintWriter out) {
            if (json) {
                Map<String, Object> body = JsonOutput.wrap("runs", page.items());
                if (page.nextPageToken() != null) {
                    body.put("next_page_token", page.nextPageToken());
                }
                JsonOutput.print(out, body);
                return;
            }
            if (page.items().isEmpty()) {
                out.println("No runs found.");
                return;
            }
            RunTable.print(page.items(), orderBy, out);
            if (page.nextPageToken() != null) {
                out.printf("(showing the first %d runs; raise --max-results to see more)%n", page.items().size());
            }
        }
    }

    /** {@code runs describe}. */
    @Command(name = "describe", description = "Show one run: info, params, latest metrics, tags, inputs.")
    static final class DescribeRun implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(paramLabel = "RUN_ID")
        private String runId;
        @Option(names = "--json", description = "Print MLflow's JSON.")
        private boolean json;

        @Override
        public void run() {
            try (TrackingStore store = tracking.open()) {
                Run run = store.getRun(runId);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    JsonOutput.print(out, JsonOutput.wrap("run", run));
                } else {
                    RunDescription.print(run, out);
                }
            }
        }
    }

    /** {@code runs delete}: a soft delete, as in MLflow; the run can be restored through the API. */
    @Command(name = "delete", description = "Mark a run deleted (restorable with the runs/restore API).")
    static final class DeleteRun implements Runnable {
        @Spec
        private CommandSpec spec;
        @Mixin
        private TrackingOptions tracking;
        @Parameters(paramLabel = "RUN_ID")
        private String runId;

        @Override
        public void run() {
            try (TrackingStore store = tracking.open()) {
                store.deleteRun(runId);
                spec.commandLine().getOut().printf("Deleted run %s%n", runId);
            }
        }
    }
}
