package dev.capstan.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.data.DataRepo;
import dev.capstan.data.DataRepos;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.capstan.data.DataRepos.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** repro on real shell commands in a real git repository: what runs, what is skipped, what the lock says. */
class ReproTest {

    @TempDir
    Path dir;

    private DataRepo repo;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void repository() {
        repo = DataRepos.gitRepo(dir);
    }

    private Stage stage(String name, String cmd, List<String> deps, List<String> outs) {
        return stage(name, cmd, deps, List.of(), outs, Map.of());
    }

    private Stage stage(String name, String cmd, List<String> deps, List<Stage.ParamsDependency> params,
                        List<String> outs, Map<String, Object> meta) {
        return new Stage(name, dir.resolve("dvc.yaml"), List.of(cmd), ".", deps, params,
                outs.stream().map(o -> new Stage.Output(o, Stage.Output.Kind.OUTS, true, false, true)).toList(),
                false, false, null, meta);
    }

    private Map<String, Repro.Result> repro(List<Stage> stages, Repro.Options options) {
        Map<String, Repro.Result> results = new java.util.LinkedHashMap<>();
        new Repro(repo, output::add).run(stages, options).forEach(o -> results.put(o.stage(), o.result()));
        return results;
    }

    private static Repro.Options all() {
        return new Repro.Options(List.of(), false, false, 2, false, false);
    }

    private List<Stage> twoStages() {
        return List.of(
                stage("upper", "tr a-z A-Z < data.txt > upper.txt", List.of("data.txt"), List.of("upper.txt")),
                stage("count", "wc -c < upper.txt | tr -d ' ' > count.txt", List.of("upper.txt"), List.of("count.txt")));
    }

    @Test
    void aSecondReproRunsNothingAndAChangedDependencyRunsItsDownstream() {
        write(dir.resolve("data.txt"), "hello\n");

        assertThat(repro(twoStages(), all())).containsExactly(Map.entry("upper", Repro.Result.RAN),
                Map.entry("count", Repro.Result.RAN));
        assertThat(dir.resolve("upper.txt")).hasContent("HELLO");
        assertThat(dir.resolve("count.txt")).hasContent("6");
        assertThat(repro(twoStages(), all())).containsOnly(Map.entry("upper", Repro.Result.UNCHANGED),
                Map.entry("count", Repro.Result.UNCHANGED));

        write(dir.resolve("data.txt"), "hello world\n");
        assertThat(repro(twoStages(), all())).containsOnly(Map.entry("upper", Repro.Result.RAN),
                Map.entry("count", Repro.Result.RAN));
        assertThat(dir.resolve("count.txt")).hasContent("12");
        assertThat(dir.resolve(".gitignore")).hasContent("/upper.txt\n/count.txt");
    }

    @Test
    void theLockFileHasDvcsStructure() {
        write(dir.resolve("data.txt"), "hello\n");
        write(dir.resolve("params.yaml"), "prep:\n  lr: 0.001\n  seed: 7\nother: x\n");
        Stage stage = stage("upper", "tr a-z A-Z < data.txt > upper.txt", List.of("data.txt"),
                List.of(new Stage.ParamsDependency("params.yaml", List.of("prep.seed", "prep.lr"))),
                List.of("upper.txt"), Map.of());

        repro(List.of(stage), all());

        assertThat(dir.resolve("dvc.lock")).hasContent(String.join("\n",
                "schema: '2.0'",
                "stages:",
                "  upper:",
                "    cmd: tr a-z A-Z < data.txt > upper.txt",
                "    deps:",
                "    - path: data.txt",
                "      hash: md5",
                "      md5: " + DataRepos.md5sum(dir.resolve("data.txt")),
                "      size: 6",
                "    params:",
                "      params.yaml:",
                "        prep.lr: 0.001",
                "        prep.seed: 7",
                "    outs:",
                "    - path: upper.txt",
                "      hash: md5",
                "      md5: " + DataRepos.md5sum(dir.resolve("upper.txt")),
                "      size: 6",
                ""));
        assertThat(repo.cache().objectPath(DataRepos.md5sum(dir.resolve("upper.txt")))).exists();
    }

    @Test
    void aCommandWrittenAsAListOfOneStaysAListInTheLock() throws IOException {
        write(dir.resolve("data.txt"), "hello\n");
        write(dir.resolve("dvc.yaml"), "stages:\n  upper:\n    cmd: [tr a-z A-Z < data.txt > upper.txt]\n"
                + "    deps: [data.txt]\n    outs: [upper.txt]\n");
        List<Stage> stages = PipelineFile.read(dir.resolve("dvc.yaml")).stages();

        repro(stages, all());

        assertThat(Files.readString(dir.resolve("dvc.lock")))
                .contains("  upper:\n    cmd:\n    - tr a-z A-Z < data.txt > upper.txt\n    deps:\n");
        assertThat(LockFile.beside(dir.resolve("dvc.yaml")).stage("upper").orElseThrow().cmdIsList()).isTrue();
        assertThat(repro(stages, all())).containsOnly(Map.entry("upper", Repro.Result.UNCHANGED));
    }

    @Test
    void aRestoredRunBringsBackItsMetricsKeptOutOfTheCache() throws IOException {
        write(dir.resolve("data.txt"), "one\n");
        write(dir.resolve("dvc.yaml"), String.join("\n", "stages:", "  count:",
                "    cmd: wc -c < data.txt | tr -d ' ' > count.txt; printf '{\"n\":%s}' $(cat count.txt) > m.json;"
                        + " echo x >> runs.log",
                "    deps: [data.txt]", "    outs: [count.txt]", "    metrics:", "    - m.json:", "        cache: false",
                ""));
        List<Stage> stages = PipelineFile.read(dir.resolve("dvc.yaml")).stages();
        repro(stages, all());
        write(dir.resolve("data.txt"), "three\n");
        repro(stages, all());
        write(dir.resolve("data.txt"), "one\n");

        assertThat(repro(stages, all())).containsOnly(Map.entry("count", Repro.Result.RESTORED));
        assertThat(dir.resolve("m.json")).hasContent("{\"n\":4}");
        assertThat(dir.resolve("count.txt")).hasContent("4");
        assertThat(Files.readAllLines(dir.resolve("runs.log"))).hasSize(2);
        assertThat(Files.readString(dir.resolve(".gitignore"))).contains("/count.txt").doesNotContain("m.json");
    }

    @Test
    void revertingAChangeRestoresTheEarlierRunFromTheRunCacheWithoutRunningIt() throws IOException {
        write(dir.resolve("data.txt"), "one\n");
        List<Stage> stages = List.of(stage("upper", "tr a-z A-Z < data.txt > upper.txt; echo x >> runs.log",
                List.of("data.txt"), List.of("upper.txt")));
        repro(stages, all());
        String lockOfOne = Files.readString(dir.resolve("dvc.lock"));
        write(dir.resolve("data.txt"), "two\n");
        repro(stages, all());

        write(dir.resolve("data.txt"), "one\n");

        assertThat(repro(stages, all())).containsOnly(Map.entry("upper", Repro.Result.RESTORED));
        assertThat(dir.resolve("upper.txt")).hasContent("ONE");
        assertThat(Files.readAllLines(dir.resolve("runs.log"))).hasSize(2);
        assertThat(dir.resolve("dvc.lock")).hasContent(lockOfOne);
    }

    @Test
    void runCacheEntriesAreNamedAsDvcNamesThem() {
        write(dir.resolve("data.txt"), "one\n");
        write(dir.resolve("params.yaml"), "lr: 0.001\nname: naïve\n");
        Stage stage = stage("upper", "tr a-z A-Z < data.txt > upper.txt", List.of("data.txt"),
                List.of(new Stage.ParamsDependency("params.yaml", List.of("lr", "name"))), List.of("upper.txt"), Map.of());
        repro(List.of(stage), all());
        LockedStage entry = LockFile.beside(dir.resolve("dvc.yaml")).stage("upper").orElseThrow();

        // dvc/stage/cache.py: sha256 of json.dumps(dict_filter(entry, exclude=[size, nfiles]), sort_keys=True)
        String python = String.join("\n",
                "import hashlib, json, sys",
                "from ruamel.yaml import YAML",
                "entry = YAML(typ='safe').load(open(sys.argv[1]))['stages']['upper']",
                "def f(d):",
                "    if isinstance(d, list): return [f(e) for e in d]",
                "    if isinstance(d, dict): return {k: f(v) for k, v in d.items() if k not in ('size', 'nfiles')}",
                "    return d",
                "h = lambda d: hashlib.sha256(json.dumps(f(d), sort_keys=True).encode()).hexdigest()",
                "value = h(entry)",
                "entry['outs'] = [o['path'] for o in entry['outs']]",
                "print(h(entry), value)",
                "");
        String[] expected = DataRepos.exec(dir, "/usr/bin/python3", "-c", python, dir.resolve("dvc.lock").toString())
                .trim().split(" ");

        assertThat(RunCache.key(entry)).isEqualTo(expected[0]);
        assertThat(RunCache.value(entry)).isEqualTo(expected[1]);
        assertThat(repo.cache().dir().resolve("runs/" + expected[0].substring(0, 2) + "/" + expected[0] + "/"
                + expected[1])).exists();
    }

    @Test
    void changingOneParameterRunsExactlyTheStagesThatUseIt() {
        write(dir.resolve("params.yaml"), "a: 1\nb: 1\n");
        List<Stage> stages = List.of(
                stage("first", "echo a > a.txt", List.of(), List.of(new Stage.ParamsDependency("params.yaml",
                        List.of("a"))), List.of("a.txt"), Map.of()),
                stage("second", "echo b > b.txt", List.of(), List.of(new Stage.ParamsDependency("params.yaml",
                        List.of("b"))), List.of("b.txt"), Map.of()));
        repro(stages, all());

        write(dir.resolve("params.yaml"), "a: 1\nb: 2\n");

        assertThat(repro(stages, all())).containsOnly(Map.entry("first", Repro.Result.UNCHANGED),
                Map.entry("second", Repro.Result.RAN));
    }

    @Test
    void aFailingStageStopsItsDownstreamKeepsItsLockEntryAndKeepGoingRunsTheRest() throws IOException {
        write(dir.resolve("data.txt"), "x\n");
        List<Stage> stages = new ArrayList<>(twoStages());
        repro(stages, all());
        String lockBefore = Files.readString(dir.resolve("dvc.lock"));
        write(dir.resolve("data.txt"), "y\n");
        stages.set(0, stage("upper", "echo broken >&2; exit 3", List.of("data.txt"), List.of("upper.txt")));
        stages.add(stage("other", "echo other > other.txt", List.of(), List.of("other.txt")));

        Map<String, Repro.Result> results = repro(stages, new Repro.Options(List.of(), false, false, 1, false, true));

        assertThat(results).containsOnly(Map.entry("upper", Repro.Result.FAILED),
                Map.entry("count", Repro.Result.NOT_RUN), Map.entry("other", Repro.Result.RAN));
        assertThat(Files.readString(dir.resolve("dvc.lock"))).startsWith(lockBefore.substring(0,
                lockBefore.indexOf("  count:")));
        assertThat(output).contains("[upper] broken");
        assertThat(repo.tmpDir().resolve("repro/upper.log")).hasContent("broken");
    }

    @Test
    void independentStagesRunInParallel() throws IOException {
        List<Stage> stages = List.of(
                stage("left", "date +%s%N > left.start; sleep 1; date +%s%N > left.end", List.of(),
                        List.of("left.start", "left.end")),
                stage("right", "date +%s%N > right.start; sleep 1; date +%s%N > right.end", List.of(),
                        List.of("right.start", "right.end")));

        repro(stages, all());

        long leftStart = Long.parseLong(Files.readString(dir.resolve("left.start")).trim());
        long leftEnd = Long.parseLong(Files.readString(dir.resolve("left.end")).trim());
        long rightStart = Long.parseLong(Files.readString(dir.resolve("right.start")).trim());
        long rightEnd = Long.parseLong(Files.readString(dir.resolve("right.end")).trim());
        assertThat(Math.max(leftStart, rightStart)).isLessThan(Math.min(leftEnd, rightEnd));
    }

    @Test
    void retriesUntilTheCommandSucceeds() {
        Stage flaky = stage("flaky", "n=$(cat tries 2>/dev/null || echo 0); echo $((n+1)) > tries; "
                + "[ $n -ge 2 ] && echo ok > out.txt", List.of(), List.of(), List.of("out.txt"),
                Map.of("capstan", Map.of("retries", 3, "retry_delay", "10ms")));

        assertThat(repro(List.of(flaky), all())).containsOnly(Map.entry("flaky", Repro.Result.RAN));
        assertThat(dir.resolve("tries")).hasContent("3");
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws IOException {
        Stage slow = stage("slow", "sh -c 'echo $$ > child.pid; exec sleep 30' & wait", List.of(), List.of(),
                List.of("never.txt"), Map.of("capstan", Map.of("timeout", "500ms")));

        long start = System.nanoTime();
        assertThat(repro(List.of(slow), all())).containsOnly(Map.entry("slow", Repro.Result.FAILED));

        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).trim());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(output).anyMatch(l -> l.contains("timed out after 500 ms"));
    }

    @Test
    void cyclesAndSharedOutputsAreRefusedWithTheStagesNamed() {
        List<Stage> cycle = List.of(stage("a", "true", List.of("b.txt"), List.of("a.txt")),
                stage("b", "true", List.of("a.txt"), List.of("b.txt")));
        assertThatThrownBy(() -> repro(cycle, all())).isInstanceOf(CapstanException.class)
                .hasMessageContaining("cycle").hasMessageContaining("a -> b -> a");

        List<Stage> shared = List.of(stage("a", "true", List.of(), List.of("out")),
                stage("b", "true", List.of(), List.of("out")));
        assertThatThrownBy(() -> repro(shared, all())).hasMessageContaining("output 'out' is specified in stages 'a' and 'b'");
    }

    @Test
    void aMissingSourceIsReportedAndNothingRuns() {
        List<Stage> stages = List.of(stage("first", "echo ran > first.txt", List.of(), List.of("first.txt")),
                stage("second", "true", List.of("nowhere.csv"), List.of("second.txt")));

        assertThatThrownBy(() -> repro(stages, all())).hasMessageContaining("stage 'second' depends on 'nowhere.csv'");
        assertThat(dir.resolve("first.txt")).doesNotExist();
    }

    @Test
    void dryRunSaysWhatWouldRunAndRunsNothing() {
        write(dir.resolve("data.txt"), "hello\n");

        assertThat(repro(twoStages(), new Repro.Options(List.of(), false, false, 2, true, false)))
                .containsOnly(Map.entry("upper", Repro.Result.WOULD_RUN), Map.entry("count", Repro.Result.WOULD_RUN));
        assertThat(dir.resolve("upper.txt")).doesNotExist();
        assertThat(dir.resolve("dvc.lock")).doesNotExist();
    }
}
