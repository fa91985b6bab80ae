package dev.capstan.validate.internal;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SpillingCountsTest {

    @Test
    void countsMergedFromSpilledRunsEqualCountsInMemory() {
        int distinct = LongCounts.CAPACITY * 2 + 1000;   // two spills
        Map<Long, long[]> expected = new HashMap<>();
        try (SpillingCounts counts = new SpillingCounts()) {
            long row = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (long v = 0; v < distinct; v += pass + 1) {   // every value once, every other value twice
                    long hash = v * 0x9E3779B97F4A7C15L;
                    counts.add(hash, row);
                    expected.computeIfAbsent(hash, h -> new long[]{0, Long.MAX_VALUE});
                    expected.get(hash)[0]++;
                    expected.get(hash)[1] = Math.min(expected.get(hash)[1], row);
                    row++;
                }
            }
            assertThat(counts.spilled()).isTrue();
            assertThat(counts.distinct()).isEqualTo(distinct);
            long[] seen = {0};
            counts.forEach((hash, count, firstRow) -> {
                assertThat(new long[]{count, firstRow}).containsExactly(expected.get(hash));
                seen[0]++;
            });
            assertThat(seen[0]).isEqualTo(distinct);
        }
    }
}
