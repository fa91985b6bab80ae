package dev.capstan.data;

import dev.capstan.data.internal.Md5;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 in the middle of {@code add}, several times: afterwards no cache object has content that differs from its
 * name, and running {@code add} again completes with a clean status.
 */
class KillDuringAddTest {

    @TempDir
    Path dir;

    /** The process the test kills: adds {@code args[0]} in the repository around it. */
    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        try (DataVersioning data = new DataVersioning(DataRepo.find(target))) {
            data.add(List.of(target), ProgressListener.NONE);
        }
    }

    @Test
    void killedAddsLeaveNoWrongObjectAndRerunningCompletes() throws Exception {
        DataRepo repo = DataRepos.gitRepo(dir);
        Path data = dir.resolve("data");
        for (int i = 0; i < 400; i++) {
            DataRepos.write(data.resolve("small/f" + i + ".bin"), DataRepos.random(32 * 1024, i));
        }
        for (int i = 0; i < 4; i++) {
            DataRepos.write(data.resolve("big/b" + i + ".bin"), DataRepos.random(24 << 20, 1000 + i));
        }
        Random random = new Random(42);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < 4; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    KillDuringAddTest.class.getName(), data.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(300 + random.nextInt(900));
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            assertEveryObjectMatchesItsName(repo);
        }

        main(new String[] {data.toString()});

        assertEveryObjectMatchesItsName(repo);
        try (DataVersioning status = new DataVersioning(repo)) {
            assertThat(status.status(List.of())).singleElement().satisfies(s -> assertThat(s.upToDate()).isTrue());
        }
    }

    private static void assertEveryObjectMatchesItsName(DataRepo repo) throws IOException {
        Path files = repo.cache().dir().resolve("files/md5");
        if (!Files.isDirectory(files)) {
            return;
        }
        try (var walk = Files.walk(files)) {
            for (Path object : walk.filter(Files::isRegularFile).toList()) {
                String name = object.getParent().getFileName() + object.getFileName().toString();
                if (object.getFileName().toString().endsWith(".tmp")) {
                    continue; // an abandoned temporary file: never read as an object
                }
                String md5 = name.endsWith(".dir") ? Md5.of(Files.readAllBytes(object)) + ".dir" : Md5.of(object);
                assertThat(md5).as(object.toString()).isEqualTo(name);
            }
        }
    }
}
