package dev.capstan.pipeline;

import dev.capstan.data.DataRepo;
import dev.capstan.data.DataRepos;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.capstan.data.DataRepos.write;
import static org.assertj.core.api.Assertions.assertThat;

/** Pipelines defined in Java, run by the same executor as dvc.yaml stages, on real files. */
class PipelineTest {

    @TempDir
    Path dir;

    private DataRepo repo;
    private final AtomicInteger cleans = new AtomicInteger();

    @BeforeEach
    void repository() {
        repo = DataRepos.gitRepo(dir);
    }

    private static Repro.Options jobs(int jobs) {
        return new Repro.Options(List.of(), false, false, jobs, false, false);
    }

    private Map<String, Repro.Result> run(Pipeline pipeline, int jobs) {
        Map<String, Repro.Result> results = new LinkedHashMap<>();
        pipeline.run(repo, jobs(jobs), line -> { }, (s, o, st, l) -> { }).forEach(o -> results.put(o.stage(), o.result()));
        return results;
    }

    private Pipeline churn(String cleanVersion) {
        return Pipeline.builder("churn")
                .step("clean", List.of("raw.txt"), List.of("clean.txt"), step -> {
                    cleans.incrementAndGet();
                    step.log().accept("cleaning");
                    Files.writeString(step.path("clean.txt"), Files.readString(step.path("raw.txt")).toUpperCase());
                }).version(cleanVersion)
                .step("count", List.of("clean.txt"), List.of("count.txt"), step -> Files.writeString(
                        step.path("count.txt"), Integer.toString(Files.readString(step.path("clean.txt")).length())))
                .build();
    }

    @Test
    void stepsRunOnceThenOnlyWhenAnInputOrTheirVersionChanges() {
        write(dir.resolve("raw.txt"), "abc");

        assertThat(run(churn("1"), 1)).containsExactly(Map.entry("clean", Repro.Result.RAN),
                Map.entry("count", Repro.Result.RAN));
        assertThat(dir.resolve("count.txt")).hasContent("3");
        assertThat(run(churn("1"), 1)).containsOnly(Map.entry("clean", Repro.Result.UNCHANGED),
                Map.entry("count", Repro.Result.UNCHANGED));

        write(dir.resolve("raw.txt"), "abcd");
        assertThat(run(churn("1"), 1)).containsOnly(Map.entry("clean", Repro.Result.RAN),
                Map.entry("count", Repro.Result.RAN));

        assertThat(run(churn("2"), 1)).containsOnly(Map.entry("clean", Repro.Result.RAN),
                Map.entry("count", Repro.Result.UNCHANGED));
        assertThat(cleans).hasValue(3);
        assertThat(dir.resolve("churn.lock")).content().contains("cmd: java:churn/clean@2", "path: raw.txt");
        assertThat(repo.tmpDir().resolve("repro/clean.log")).hasContent("cleaning");
    }

    @Test
    void aFlakyStepIsRetriedAndASlowOneTimesOut() {
        AtomicInteger attempts = new AtomicInteger();
        Pipeline flaky = Pipeline.builder("flaky")
                .step("fetch", List.of(), List.of("fetched.txt"), step -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new IllegalStateException("network down");
                    }
                    Files.writeString(step.path("fetched.txt"), "ok");
                }).retries(3, Duration.ofMillis(10))
                .step("slow", List.of(), List.of("slow.txt"), step -> Thread.sleep(30_000)).timeout(Duration.ofMillis(200))
                .build();

        long start = System.nanoTime();
        Map<String, Repro.Result> results = new LinkedHashMap<>();
        flaky.run(repo, new Repro.Options(List.of(), false, false, 2, false, true), line -> { }, (s, o, st, l) -> { })
                .forEach(o -> results.put(o.stage(), o.result()));

        assertThat(results).containsOnly(Map.entry("fetch", Repro.Result.RAN), Map.entry("slow", Repro.Result.FAILED));
        assertThat(attempts).hasValue(3);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void independentStepsRunAtTheSameTime() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Pipeline.Step meet = step -> {
            bothStarted.countDown();
            if (!bothStarted.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other step never started");
            }
        };
        Pipeline pair = Pipeline.builder("pair")
                .step("left", List.of(), List.of("left.txt"), step -> {
                    meet.run(step);
                    Files.writeString(step.path("left.txt"), "l");
                })
                .step("right", List.of(), List.of("right.txt"), step -> {
                    meet.run(step);
                    Files.writeString(step.path("right.txt"), "r");
                })
                .build();

        assertThat(run(pair, 2)).containsOnly(Map.entry("left", Repro.Result.RAN), Map.entry("right", Repro.Result.RAN));
    }
}
