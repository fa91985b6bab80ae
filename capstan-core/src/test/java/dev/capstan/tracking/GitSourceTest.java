package dev.capstan.tracking;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Against real git repositories made with the git command. */
class GitSourceTest {

    @TempDir
    Path dir;

    @Test
    void readsCommitDirtyFlagAndOrigin() throws Exception {
        git("init", "-q");
        git("remote", "add", "origin", "https://git.example.com/risk/churn.git");
        Files.writeString(dir.resolve("train.py"), "print(1)\n");
        git("add", "train.py");
        git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        String head = output("rev-parse", "HEAD");

        GitSource clean = GitSource.of(dir).orElseThrow();
        assertThat(clean).isEqualTo(new GitSource(head, false, "https://git.example.com/risk/churn.git"));
        assertThat(clean.tags()).containsExactly(new Tag("mlflow.source.git.commit", head),
                new Tag("capstan.source.git.dirty", "false"),
                new Tag("mlflow.source.git.repoURL", "https://git.example.com/risk/churn.git"));

        Files.writeString(dir.resolve("train.py"), "print(2)\n");
        Files.writeString(dir.resolve("untracked.txt"), "not code\n");
        assertThat(GitSource.of(dir).orElseThrow().dirty()).isTrue();
    }

    @Test
    void outsideARepositoryThereIsNone() {
        assertThat(GitSource.of(dir)).isEmpty();
    }

    private void git(String... args) throws IOException, InterruptedException {
        output(args);
    }

    private String output(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }
}
