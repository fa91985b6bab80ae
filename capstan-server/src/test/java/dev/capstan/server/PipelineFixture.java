package dev.capstan.server;

import dev.capstan.data.DataRepo;
import dev.capstan.pipeline.PipelineFile;
import dev.capstan.pipeline.Repro;
import dev.capstan.pipeline.ReproTracking;
import dev.capstan.pipeline.Schedule;
import dev.capstan.pipeline.ScheduleStore;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real pipeline reproduced and recorded in a server's store as {@code capstan repro} does it: {@code prepare} and
 * {@code train} run, {@code evaluate} fails (exit code 3), and {@code report}, which needs its output, never runs.
 * And a schedule with one failed execution, as {@code capstan schedule add} and the server's scheduler store them.
 */
final class PipelineFixture {

    static final String DVC_YAML = """
            stages:
              prepare:
                cmd: echo "age,plan" > prepared.csv
                outs: [prepared.csv]
              train:
                cmd: wc -l prepared.csv > model.txt
                deps: [prepared.csv]
                outs: [model.txt]
              evaluate:
                cmd: exit 3
                deps: [model.txt]
                outs: [scores.json]
              report:
                cmd: cp scores.json report.json
                deps: [scores.json]
                outs: [report.json]
            """;

    private PipelineFixture() {
    }

    /** Reproduces the pipeline in {@code project}, recorded in the experiment {@code pipelines}; its dvc.yaml. */
    static Path reproduce(Path project, String storeUri) throws IOException {
        Files.createDirectories(project);
        Files.writeString(project.resolve(PipelineFile.NAME), DVC_YAML);
        DataRepo repo = DataRepo.init(project, true, false);
        try (TrackingStore store = TrackingStores.open(storeUri)) {
            ReproTracking tracking = ReproTracking.start(store, "pipelines", repo.root());
            List<Repro.Outcome> outcomes = new Repro(repo, line -> { }, tracking).run(PipelineFile.readAll(
                    repo.root()), new Repro.Options(List.of(), false, false, 1, false, false));
            tracking.finish(outcomes.stream().noneMatch(o -> o.result() == Repro.Result.FAILED));
        }
        return repo.root().resolve(PipelineFile.NAME);
    }

    /** A nightly schedule of the pipeline whose one execution failed after a retry. */
    static void schedule(Path project, String storeUri) {
        try (ScheduleStore schedules = ScheduleStore.open(storeUri)) {
            schedules.add(new Schedule("nightly-repro", "0 2 * * *", List.of("capstan", "repro"), project.toString(),
                    1, Duration.ofMinutes(5), false, 1_000, null));
            long slot = 1_765_000_800_000L;
            schedules.claim("nightly-repro", slot, slot + 5, false);
            schedules.finish(new Schedule.Execution("nightly-repro", slot, slot + 5, slot + 65_000, "FAILED", 2, 3,
                    "stage evaluate failed: exit code 3 <script>"));
        }
    }
}
