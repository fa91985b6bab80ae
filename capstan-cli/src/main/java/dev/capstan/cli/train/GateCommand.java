package dev.capstan.cli.train;

import dev.capstan.cli.internal.JsonOutput;
import dev.capstan.cli.internal.TextTable;
import dev.capstan.cli.registry.ModelFetch;
import dev.capstan.cli.tracking.TrackingOptions;
import dev.capstan.ml.evaluate.GateConfig;
import dev.capstan.ml.evaluate.Gates;
import dev.capstan.registry.ModelRegistryStore;
import dev.capstan.registry.ModelUri;
import dev.capstan.registry.ModelVersion;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code capstan gate --config gates.yaml MODEL}: the quality gates a model must pass; exit code 1 if one fails. */
@Command(name = "gate", description = "Check a model against quality gates (gates.yaml): minimum metrics, no "
        + "regression against a reference model, latency, size and data checks. Exit code 1 if a gate fails.")
public final class GateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;
    @Mixin
    private TrackingOptions tracking;
    @Mixin
    private ModelFetch fetch;
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gates (YAML).")
    private Path config;
    @Parameters(paramLabel = "MODEL", description = "A model directory or a models:/ URI.")
    private String model;
    @Option(names = "--run-id", paramLabel = "RUN", description = "Record the outcome on this run as tags.")
    private String runId;
    @Option(names = "--json", description = "Print the gates as JSON.")
    private boolean json;

    @Override
    public Integer call() {
        GateConfig gates = GateConfig.read(config);
        String referenceUri = gates.reference() == null ? null : relativeToConfig(gates.reference().model());
        try (ModelFetch.LocalModel candidate = fetch.local(tracking, model);
             ModelFetch.LocalModel reference = referenceUri == null ? null : fetch.local(tracking, referenceUri)) {
            List<Gates.Result> results = Gates.check(gates, candidate.dir(), reference == null ? null
                    : reference.dir());
            boolean passed = results.stream().allMatch(Gates.Result::passed);
            record(results, passed);
            print(results, passed);
            return passed ? 0 : 1;
        }
    }

    /** A reference directory named relative to the config file, as the config's other paths are. */
    private String relativeToConfig(String uri) {
        if (uri.startsWith("models:") || Files.isDirectory(Path.of(uri))) {
            return uri;
        }
        return config.toAbsolutePath().getParent().resolve(uri).toString();
    }

    /** The outcome as tags: on the run when given, and on the model version when the model is a models:/ URI. */
    private void record(List<Gates.Result> results, boolean passed) {
        List<Tag> tags = new ArrayList<>(List.of(new Tag("capstan.gates", passed ? "passed" : "failed")));
        results.forEach(r -> tags.add(new Tag("capstan.gate." + r.gate().replaceAll("[^A-Za-z0-9_.-]+", "_"),
                (r.passed() ? "passed: " : "failed: ") + r.observed() + " (required " + r.required() + ")")));
        if (runId != null) {
            try (TrackingStore store = tracking.open()) {
                store.logBatch(runId, List.of(), List.of(), tags);
            }
        }
        if (model.startsWith("models:")) {
            try (ModelRegistryStore registry = tracking.openRegistry()) {
                ModelVersion version = registry.resolve(ModelUri.parse(model));
                registry.setModelVersionTag(version.name(), version.version(), tags.get(0));
            }
        }
    }

    private void print(List<Gates.Result> results, boolean passed) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, Map.of("passed", passed, "gates", results));
            return;
        }
        TextTable table = new TextTable(List.of(TextTable.Column.left("GATE"), TextTable.Column.left("OBSERVED"),
                TextTable.Column.left("REQUIRED"), TextTable.Column.left("RESULT")));
        results.forEach(r -> table.row(r.gate(), r.observed(), r.required(), r.passed() ? "pass" : "FAIL"));
        table.print(out);
        out.printf("%n%s: %d of %d gates passed%n", passed ? "PASSED" : "FAILED",
                results.stream().filter(Gates.Result::passed).count(), results.size());
        out.flush();
    }
}
