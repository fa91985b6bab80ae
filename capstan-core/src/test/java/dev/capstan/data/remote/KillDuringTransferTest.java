package dev.capstan.data.remote;

import dev.capstan.data.DataRepo;
import dev.capstan.data.DataRepos;
import dev.capstan.data.DataVersioning;
import dev.capstan.data.DvcFile;
import dev.capstan.data.ObjectCache;
import dev.capstan.data.ProgressListener;
import dev.capstan.data.internal.Md5;
import dev.capstan.data.remote.internal.LocalDataRemote;
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
 * kill -9 in the middle of push and of fetch, several times: afterwards no object on either side has content that
 * differs from its name, and running the transfer again completes it.
 */
class KillDuringTransferTest {

    @TempDir
    Path dir;

    /** The process the test kills: {@code push|fetch CACHE_DIR REMOTE_DIR HASH}. */
    public static void main(String[] args) {
        ObjectTransfer transfer = new ObjectTransfer(new ObjectCache(Path.of(args[1])),
                new LocalDataRemote(args[2], Path.of(args[2])), 8, ProgressListener.NONE);
        ObjectTransfer.Result result = args[0].equals("push") ? transfer.push(List.of(args[3]))
                : transfer.fetch(List.of(args[3]));
        if (!result.ok()) {
            throw new IllegalStateException(result.toString());
        }
    }

    @Test
    void killedPushesAndFetchesLeaveNoWrongObjectAndRerunningCompletes() throws Exception {
        DataRepo repo = DataRepo.init(Files.createDirectories(dir.resolve("repo")), true, false);
        Path data = repo.root().resolve("data");
        for (int i = 0; i < 600; i++) {
            DataRepos.write(data.resolve("f" + i + ".bin"), DataRepos.random(16 * 1024, i));
        }
        for (int i = 0; i < 3; i++) {
            DataRepos.write(data.resolve("big" + i + ".bin"), DataRepos.random(16 << 20, 1000 + i));
        }
        String hash;
        try (DataVersioning versioning = new DataVersioning(repo)) {
            List<DvcFile> added = versioning.add(List.of(data), ProgressListener.NONE);
            hash = added.get(0).outs().get(0).md5();
        }
        Path cache = repo.cache().dir();
        Path remote = dir.resolve("remote");
        Path clone = dir.resolve("clone-cache");

        killRepeatedly("push", cache, remote, hash);
        main(new String[] {"push", cache.toString(), remote.toString(), hash});
        assertEveryObjectMatchesItsName(remote);

        killRepeatedly("fetch", clone, remote, hash);
        main(new String[] {"fetch", clone.toString(), remote.toString(), hash});
        assertEveryObjectMatchesItsName(clone);
        assertThat(new ObjectTransfer(new ObjectCache(clone), new LocalDataRemote("r", remote), 2, ProgressListener.NONE)
                .fetch(List.of(hash)).transferred()).isZero();
    }

    private void killRepeatedly(String action, Path cache, Path remote, String hash) throws Exception {
        Random random = new Random(action.hashCode());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < 4; round++) {
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    KillDuringTransferTest.class.getName(), action, cache.toString(), remote.toString(), hash)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Thread.sleep(250 + random.nextInt(700));
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            assertEveryObjectMatchesItsName(action.equals("push") ? remote : cache);
        }
    }

    /** Every object under {@code root/files/md5} hashes to its name; temporary files are never read as objects. */
    private static void assertEveryObjectMatchesItsName(Path root) throws IOException {
        Path files = root.resolve("files/md5");
        if (!Files.isDirectory(files)) {
            return;
        }
        try (var walk = Files.walk(files)) {
            for (Path object : walk.filter(Files::isRegularFile).toList()) {
                if (object.getFileName().toString().endsWith(".tmp")) {
                    continue;
                }
                String name = object.getParent().getFileName() + object.getFileName().toString();
                String md5 = name.endsWith(".dir") ? Md5.of(Files.readAllBytes(object)) + ".dir" : Md5.of(object);
                assertThat(md5).as(object.toString()).isEqualTo(name);
            }
        }
    }
}
