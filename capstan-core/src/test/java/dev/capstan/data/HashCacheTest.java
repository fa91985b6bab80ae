package dev.capstan.data;

import dev.capstan.data.internal.DvcIgnore;
import dev.capstan.data.internal.HashCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.capstan.data.DataRepos.write;
import static org.assertj.core.api.Assertions.assertThat;

class HashCacheTest {

    @TempDir
    Path dir;

    @Test
    void entriesSurviveASaveAndMatchOnlyTheSameStat() {
        HashCache cache = HashCache.load(dir);
        for (int i = 0; i < 100_000; i++) {
            cache.put("data/file-" + i + ".bin", i, 1_700_000_000_123_456_789L + i, 4096 + i,
                    String.format("%032x", i));
        }
        cache.put("naïve/日本.txt", 7, 8, 9, "6f5902ac237024bdd0c176cb93063dc4");
        cache.save();

        long start = System.nanoTime();
        HashCache loaded = HashCache.load(dir);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(loaded.size()).isEqualTo(100_001);
        assertThat(loaded.get("data/file-99999.bin", 99999, 1_700_000_000_123_456_789L + 99999, 4096 + 99999))
                .isEqualTo(String.format("%032x", 99999));
        assertThat(loaded.get("naïve/日本.txt", 7, 8, 9)).isEqualTo("6f5902ac237024bdd0c176cb93063dc4");
        assertThat(loaded.get("naïve/日本.txt", 7, 9, 9)).isNull();
        assertThat(loaded.get("naïve/日本.txt", 6, 8, 9)).isNull();
        assertThat(loaded.get("naïve/日本.txt", 7, 8, 10)).isNull();
        assertThat(millis).as("load time of 100,000 entries").isLessThan(2_000);
    }

    @Test
    void anUnknownOrDamagedFileIsTreatedAsEmpty() {
        write(dir.resolve(HashCache.FILE_NAME), "not a hash cache");
        assertThat(HashCache.load(dir).size()).isZero();
        write(dir.resolve(HashCache.FILE_NAME), new byte[] {0x43, 0x48, 0x43, 0x31, 0, 0, 0, 1, 0, 0, 0, 5, 0});
        assertThat(HashCache.load(dir).size()).isZero();
    }

    @Test
    void dvcignoreFollowsGitignoreRules() {
        DvcIgnore ignore = DvcIgnore.parse(List.of("# comment", "*.tmp", "!keep.tmp", "/build/", "logs/**/debug.log",
                "cache?/"));

        assertThat(ignore.ignores("a/b/x.tmp", false)).isTrue();
        assertThat(ignore.ignores("a/keep.tmp", false)).isFalse();
        assertThat(ignore.ignores("build", true)).isTrue();
        assertThat(ignore.ignores("build", false)).isFalse();
        assertThat(ignore.ignores("src/build", true)).isFalse();
        assertThat(ignore.ignores("logs/debug.log", false)).isTrue();
        assertThat(ignore.ignores("logs/a/b/debug.log", false)).isTrue();
        assertThat(ignore.ignores("x/cache1", true)).isTrue();
        assertThat(ignore.ignores("x/cache12", true)).isFalse();
        assertThat(ignore.ignores("# comment", false)).isFalse();
    }
}
