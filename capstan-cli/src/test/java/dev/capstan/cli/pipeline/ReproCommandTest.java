package dev.capstan.cli.pipeline;

import dev.capstan.cli.Cli;
import dev.capstan.pipeline.ReproTracking;
import dev.capstan.tracking.Metric;
import dev.capstan.tracking.Param;
import dev.capstan.tracking.Run;
import dev.capstan.tracking.RunQuery;
import dev.capstan.tracking.RunStatus;
import dev.capstan.tracking.Tag;
import dev.capstan.tracking.TrackingStore;
import dev.capstan.tracking.TrackingStores;
import dev.capstan.tracking.ViewType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan repro} and {@code capstan dag} on a real dvc.yaml with foreach, params and shell commands. */
class ReproCommandTest {

    @TempDir
    Path dir;

    private static final String DVC_YAML = """
            stages:
              prepare:
                foreach: [a, b]
                do:
                  cmd: printf '${item}-%s\\n' ${prepare.scale} > part-${item}.txt
                  params: [prepare.scale]
                  outs:
                  - part-${item}.txt
              join:
                cmd: cat part-a.txt part-b.txt > all.txt
                deps: [part-a.txt, part-b.txt]
                outs: [all.txt]
            """;

    /** {@code capstan COMMAND --cd DIR [--tracking-uri DB] ARGS...}: repro tracks into a database in the temp dir. */
    private Cli.Result capstan(String... args) {
        List<String> command = new ArrayList<>(List.of(args[0], "--cd", dir.toString()));
        if (args[0].equals("repro")) {
            command.addAll(List.of("--tracking-uri", trackingUri(), "--artifacts-destination",
                    dir.resolve("artifacts").toString()));
        }
        command.addAll(List.of(args).subList(1, args.length));
        return Cli.run(command.toArray(String[]::new));
    }

    private String trackingUri() {
        return Cli.sqlite(dir.resolve("tracking.db"));
    }

    private void project() throws IOException {
        assertThat(Cli.run("init", "--no-scm", "--cd", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("params.yaml"), "prepare:\n  scale: 10\n");
        Files.writeString(dir.resolve("dvc.yaml"), DVC_YAML);
    }

    @Test
    void reproRunsThePipelineOnceAndThenNothing() throws IOException {
        project();

        Cli.Result first = capstan("repro", "-j", "2");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(dir.resolve("all.txt")).hasContent("a-10\nb-10");
        assertThat(first.out()).contains("prepare@a", "prepare@b", "join", "ran");
        assertThat(Files.readString(dir.resolve("dvc.lock"))).contains("  prepare@a:", "        prepare.scale: 10");

        Cli.Result second = capstan("repro", "--json");
        assertThat(second.exitCode()).isZero();
        assertThat(second.json()).allMatch(o -> o.get("result").asText().equals("unchanged"));

        Files.writeString(dir.resolve("params.yaml"), "prepare:\n  scale: 20\n");
        Cli.Result dry = capstan("repro", "--dry");
        assertThat(dry.out()).contains("Would run stage 'prepare@a'", "modified param: params.yaml: prepare.scale");
        assertThat(dir.resolve("all.txt")).hasContent("a-10\nb-10");
    }

    @Test
    void eachReproAndEachStageIsATrackingRunWithItsDataVersionParamsAndMetrics() throws IOException {
        project();
        Files.writeString(dir.resolve("dvc.yaml"), DVC_YAML + """
                  score:
                    cmd: echo '{"lines":2,"quality":{"f1":0.75}}' > score.json
                    deps: [all.txt]
                    metrics:
                    - score.json:
                        cache: false
                """);

        Cli.Result repro = capstan("repro");
        assertThat(repro.exitCode()).as(repro.err()).isZero();
        assertThat(repro.out()).contains("Recorded as run ");
        assertThat(capstan("repro").out()).as("a repro that runs nothing records nothing").doesNotContain("Recorded");

        try (TrackingStore store = TrackingStores.open(trackingUri())) {
            String experiment = store.getExperimentByName("pipelines").experimentId();
            List<Run> runs = store.searchRuns(new RunQuery(List.of(experiment), null, ViewType.ACTIVE_ONLY, 100,
                    List.of(), null)).items();
            Map<String, Run> byName = new HashMap<>();
            runs.forEach(r -> byName.put(r.info().runName(), r));
            assertThat(byName).containsOnlyKeys("repro", "prepare@a", "prepare@b", "join", "score");
            String parent = byName.get("repro").info().runId();
            Run join = byName.get("join");
            assertThat(join.data().tags()).contains(new Tag(ReproTracking.PARENT_TAG, parent));
            assertThat(join.inputs().datasetInputs()).extracting(i -> i.dataset().name(), i -> i.dataset().digest())
                    .contains(org.assertj.core.groups.Tuple.tuple("part-a.txt", md5(dir.resolve("part-a.txt"))));
            assertThat(byName.get("prepare@a").data().params()).contains(new Param("prepare.scale", "10"));
            assertThat(byName.get("score").data().metrics()).extracting(Metric::key, Metric::value)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("lines", 2.0),
                            org.assertj.core.groups.Tuple.tuple("quality.f1", 0.75));
            assertThat(byName.get("repro").info().status()).isEqualTo(RunStatus.FINISHED);
            String artifactPath = join.info().artifactUri().replaceFirst("^mlflow-artifacts:/+", "");
            assertThat(dir.resolve("artifacts").resolve(artifactPath).resolve("logs/join.log")).exists();
        }
    }

    private static String md5(Path file) throws IOException {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(Files.readAllBytes(file)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailingStageExitsWithOneAndDagShowsTheGraph() throws IOException {
        project();
        Files.writeString(dir.resolve("dvc.yaml"), DVC_YAML.replace("cat part-a.txt", "exit 7; cat part-a.txt"));

        Cli.Result failed = capstan("repro");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.out()).contains("failed", "exited with code 7");

        Cli.Result dag = capstan("dag", "--mermaid");
        assertThat(dag.exitCode()).isZero();
        assertThat(dag.out()).startsWith("flowchart TD\n").contains("[\"join\"]", "-->node3");
    }

    @Test
    void pipelinesInSubdirectoriesJoinTheGraphAndKeepTheirOwnLockFiles() throws Exception {
        new ProcessBuilder("git", "init", "-q", dir.toString()).start().waitFor();
        assertThat(Cli.run("init", "--cd", dir.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("dvc.yaml"), "stages:\n  prepare:\n    cmd: echo data > prepared.txt\n"
                + "    outs: [prepared.txt]\n");
        Files.createDirectories(dir.resolve("model"));
        Files.writeString(dir.resolve("model/dvc.yaml"), "stages:\n  train:\n    cmd: cat ../prepared.txt > model.txt\n"
                + "    deps: [../prepared.txt]\n    outs: [model.txt]\n");

        Cli.Result repro = capstan("repro", "--no-track");
        assertThat(repro.exitCode()).as(repro.err()).isZero();
        assertThat(repro.out()).contains("prepare", "model/dvc.yaml:train");

        assertThat(dir.resolve("model/model.txt")).hasContent("data");
        assertThat(Files.readString(dir.resolve("dvc.lock"))).contains("  prepare:").doesNotContain("train");
        assertThat(Files.readString(dir.resolve("model/dvc.lock"))).contains("  train:").doesNotContain("  prepare:");
        assertThat(capstan("dag").out()).contains("model/dvc.yaml:train <- prepare");
        assertThat(capstan("repro", "--no-track", "--json").json()).allMatch(o -> o.get("result").asText()
                .equals("unchanged"));
    }

    @Test
    void withoutDvcYamlOrWithAnUnknownStageTheErrorSaysSo() throws IOException {
        assertThat(Cli.run("init", "--no-scm", "--cd", dir.toString()).exitCode()).isZero();
        Cli.Result none = capstan("repro");
        assertThat(none.exitCode()).isEqualTo(3);
        assertThat(none.err()).contains("There is no dvc.yaml");

        Files.writeString(dir.resolve("params.yaml"), "prepare:\n  scale: 10\n");
        Files.writeString(dir.resolve("dvc.yaml"), DVC_YAML);
        Cli.Result unknown = capstan("repro", "joint");
        assertThat(unknown.exitCode()).isEqualTo(3);
        assertThat(unknown.err()).contains("no stage named 'joint'");
    }
}
