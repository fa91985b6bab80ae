package dev.capstan.monitor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The prediction log on a real disk, written and read back through real DuckDB and Parquet files. */
class PredictionLogTest {

    @TempDir
    Path dir;

    private static PredictionLog.Entry entry(String id, long time, String version, double... f0) {
        String[] labels = new String[f0.length];
        for (int i = 0; i < f0.length; i++) {
            labels[i] = f0[i] > 0 ? "yes" : "no";
        }
        Map<String, Object> inputs = Map.of("f0", f0);
        Map<String, Object> outputs = Map.of("label", labels);
        return new PredictionLog.Entry(id, time, "churn", version, "primary", 1.5, LoggedValues.of(
                LoggedValues.Layout.of(inputs, outputs), f0.length, inputs, outputs));
    }

    private PredictionLog open() {
        return PredictionLog.open(dir, Duration.ofHours(1), Duration.ofDays(7));
    }

    @Test
    void writesOneRowPerPredictedRowAndReadsThemBackNewestFirst() {
        try (PredictionLog log = open()) {
            log.log(entry("r1", 1_000, "1", 0.5, -1.0));
            log.log(entry("r2", 2_000, "1", 2.0));
            log.log(entry("r3", 3_000, "2", 7.0));
            log.flush();
            PredictionLog.Rows rows = log.read("churn", "1", 0, 100);
            assertThat(rows.columns()).containsExactly("request_id", "time", "variant", "latency_ms", "row", "in_f0",
                    "out_label", "actual_label", "actual_value");
            assertThat(rows.column("request_id")).containsExactly("r2", "r1", "r1");
            assertThat(rows.column("in_f0")).containsExactly(2.0, 0.5, -1.0);
            assertThat(rows.column("out_label")).containsExactly("yes", "yes", "no");
            assertThat(log.read("churn", null, 0, 100).rows()).hasSize(4);
            assertThat(log.read("churn", "1", 1_500, 100).column("request_id")).containsExactly("r2");
            assertThat(log.read("churn", null, 0, 2).rows()).hasSize(2);
            assertThat(log.read("nope", null, 0, 10).rows()).isEmpty();
        }
    }

    @Test
    void aTemporaryFileOfACrashedWriteIsIgnoredAndNumbersGoOnAfterARestart() throws Exception {
        try (PredictionLog log = open()) {
            log.log(entry("r1", 1_000, "1", 1.0));
            log.flush();
        }
        Path version = dir.resolve("churn").resolve("1");
        Files.writeString(version.resolve(".000000000009-000000000009.parquet.tmp"), "half a parquet file");
        try (PredictionLog log = open()) {
            log.log(entry("r2", 2_000, "1", 2.0));
            log.flush();
            assertThat(log.read("churn", "1", 0, 10).column("request_id")).containsExactly("r2", "r1");
        }
        assertThat(Files.list(version).map(p -> p.getFileName().toString()).sorted())
                .contains("000000000001-000000000001.parquet", "000000000002-000000000002.parquet");
    }

    @Test
    void compactionMergesSegmentsAndAnInterruptedOneLeavesNoDuplicates() throws Exception {
        try (PredictionLog log = open()) {
            for (int i = 1; i <= 3; i++) {
                log.log(entry("r" + i, i * 1_000L, "1", i));
                log.flush();
            }
            Path version = dir.resolve("churn").resolve("1");
            Path second = version.resolve("000000000002-000000000002.parquet");
            byte[] kept = Files.readAllBytes(second);
            log.compact("churn", "1");
            assertThat(Files.list(version).map(p -> p.getFileName().toString()))
                    .containsExactly("000000000001-000000000003.parquet");
            Files.write(second, kept);
            assertThat(log.visibleFiles("churn", "1")).extracting(p -> p.getFileName().toString())
                    .containsExactly("000000000001-000000000003.parquet");
            assertThat(log.read("churn", "1", 0, 10).column("request_id")).containsExactly("r3", "r2", "r1");
        }
    }

    @Test
    void retentionRemovesOldFilesAndAFullQueueDropsAndCounts() throws Exception {
        try (PredictionLog log = open()) {
            log.log(entry("old", 1_000, "1", 1.0));
            log.flush();
            Path file = dir.resolve("churn").resolve("1").resolve("000000000001-000000000001.parquet");
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - Duration.ofDays(8)
                    .toMillis()));
            assertThat(log.applyRetention(System.currentTimeMillis())).isEqualTo(1);
            assertThat(log.read("churn", null, 0, 10).rows()).isEmpty();

            int accepted = 0;
            for (int i = 0; i < 100_001; i++) {
                accepted += log.log(entry("r", 1, "1", 1.0)) ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(100_000);
            assertThat(log.dropped()).isEqualTo(1);
        }
    }

    @Test
    void feedbackJoinsItsRowsByRequestAndRowTheLatestAnswerWinningAndUnknownIdsAreCountedNotStored() {
        try (PredictionLog log = open()) {
            log.log(entry("r1", 1_000, "1", 0.5, -1.0));
            log.log(entry("r2", 2_000, "1", 2.0));
            PredictionLog.FeedbackResult first = log.feedback(List.of(
                    new PredictionLog.Feedback("r1", 1, "no", null),
                    new PredictionLog.Feedback("r2", 0, "no", null),
                    new PredictionLog.Feedback("ghost", 0, "yes", null)), 5_000);
            assertThat(first.accepted()).as("queued rows are written before the lookup").isEqualTo(2);
            assertThat(first.unknown()).containsExactly("ghost");
            log.feedback(List.of(new PredictionLog.Feedback("r2", 0, "yes", 3.5)), 6_000);

            PredictionLog.Rows rows = log.read("churn", "1", 0, 100);
            assertThat(rows.column("request_id")).containsExactly("r2", "r1", "r1");
            assertThat(rows.column("actual_label")).containsExactly("yes", null, "no");
            assertThat(rows.column("actual_value")).containsExactly(3.5, null, null);
        }
    }

    @Test
    void aBatchOfOnlyUnknownIdsWritesNothingAndCompactionKeepsFeedbackWhole() throws Exception {
        try (PredictionLog log = open()) {
            log.log(entry("r1", 1_000, "1", 1.0));
            assertThat(log.feedback(List.of(new PredictionLog.Feedback("ghost", 0, "yes", null)), 2_000).accepted())
                    .isZero();
            assertThat(dir.resolve(".feedback")).doesNotExist();
            log.feedback(List.of(new PredictionLog.Feedback("r1", 0, "no", null)), 3_000);
            log.feedback(List.of(new PredictionLog.Feedback("r1", 0, "yes", null)), 4_000);
            log.compactAll();
            try (var files = Files.list(dir.resolve(".feedback").resolve("all"))) {
                assertThat(files.count()).isEqualTo(1);
            }
            assertThat(log.read("churn", "1", 0, 10).column("actual_label")).containsExactly("yes");
        }
    }

    @Test
    void aReaderReadsWhatTheWriterWroteAndWritesNothing() throws Exception {
        try (PredictionLog log = open()) {
            log.log(entry("r1", 1_000, "1", 1.0));
        }
        List<Path> before;
        try (var files = Files.walk(dir)) {
            before = files.sorted().toList();
        }
        try (PredictionLog reader = PredictionLog.reader(dir)) {
            assertThat(reader.read("churn", "1", 0, 10).column("request_id")).containsExactly("r1");
            assertThat(reader.read("churn", "1", 0, 10).mean("in_f0")).isEqualTo(1.0);
        }
        try (var files = Files.walk(dir)) {
            assertThat(files.sorted().toList()).isEqualTo(before);
        }
        assertThatThrownBy(() -> PredictionLog.reader(dir.resolve("missing")))
                .hasMessageContaining("The prediction log").hasMessageContaining("does not exist");
    }

    @Test
    void missingNumbersAndTextsAreReadBackAsNullsAndEachLayoutGetsItsColumns() {
        try (PredictionLog log = open()) {
            log.log(entry("r1", 1_000, "1", Double.NaN, 3.0));
            Map<String, Object> inputs = new java.util.LinkedHashMap<>();
            inputs.put("plan", new Object[] {"pro", null});
            inputs.put("age", new long[] {30, 40});
            Map<String, Object> outputs = Map.of("prediction", new double[] {0.5, Double.NaN});
            log.log(new PredictionLog.Entry("r2", 2_000, "churn", "1", "primary", 1.0, LoggedValues.of(
                    LoggedValues.Layout.of(inputs, outputs), 2, inputs, outputs)));
            log.flush();
            PredictionLog.Rows rows = log.read("churn", "1", 0, 10);
            assertThat(rows.column("request_id")).containsExactly("r2", "r2", "r1", "r1");
            assertThat(rows.column("in_plan")).containsExactly("pro", null, null, null);
            assertThat(rows.column("in_age")).containsExactly(30.0, 40.0, null, null);
            assertThat(rows.column("out_prediction")).containsExactly(0.5, null, null, null);
            assertThat(rows.column("in_f0")).containsExactly(null, null, null, 3.0);
        }
    }

    @Test
    void aWindowOfTheLastRowsReadsTheNewestSegmentsAndGoesFurtherBackOnlyWhenTheyHoldTooFew() {
        try (PredictionLog log = open()) {
            for (int i = 0; i < 20; i++) {
                log.log(entry("r" + i, 1_000 + i, "1", i));
                log.flush();
            }
            assertThat(log.read("churn", "1", 0, 3).column("request_id")).containsExactly("r19", "r18", "r17");
            assertThat(log.read("churn", "1", 0, 15).rows()).hasSize(15);
            assertThat(log.read("churn", "1", 0, 100).column("in_f0")).hasSize(20).startsWith(19.0, 18.0)
                    .endsWith(0.0);
        }
    }

    @Test
    void underLoadCompactionCopiesRowGroupsAndEveryValueReadsBackAsWritten() throws Exception {
        int perFlush = 30_000;
        double sum = 0;
        try (PredictionLog log = open()) {
            for (int flush = 0; flush < 3; flush++) {
                for (int i = 0; i < perFlush; i++) {
                    int n = flush * perFlush + i;
                    double value = n % 97 == 0 ? Double.NaN : Math.sin(n) * 1e6;
                    sum += Double.isNaN(value) ? 0 : value;
                    log.log(entry("request-" + n, 1_000_000L + n, "1", value));
                }
                log.flush();
            }
            Path version = dir.resolve("churn").resolve("1");
            log.compact("churn", "1");
            assertThat(Files.list(version).map(p -> p.getFileName().toString()))
                    .containsExactly("000000000001-000000000003.parquet");
            org.apache.parquet.format.FileMetaData footer = dev.capstan.monitor.internal.ParquetConcat.footer(
                    version.resolve("000000000001-000000000003.parquet"));
            assertThat(footer.getRow_groupsSize()).isEqualTo(3);
            assertThat(footer.getNum_rows()).isEqualTo(3L * perFlush);

            PredictionLog.Rows rows = log.read("churn", "1", 0, 3 * perFlush);
            assertThat(rows.rows()).hasSize(3 * perFlush);
            Object[] values = rows.column("in_f0");
            assertThat(java.util.Arrays.stream(values).filter(v -> v == null).count())
                    .isEqualTo((3 * perFlush + 96) / 97);
            assertThat(java.util.Arrays.stream(values).filter(v -> v != null).mapToDouble(v -> (Double) v).sum())
                    .isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-3));
            assertThat(rows.rows().get(0)).startsWith("request-" + (3 * perFlush - 1),
                    java.sql.Timestamp.valueOf(java.time.LocalDateTime.of(1970, 1, 1, 0, 0)
                            .plusNanos((1_000_000L + 3 * perFlush - 1) * 1_000_000)),
                    "primary", 1.5, 0, Math.sin(3 * perFlush - 1) * 1e6);
            assertThat(rows.column("out_label")).contains("yes", "no");
        }
    }

    @Test
    void textsKeepTheirValuesWhetherDictionaryCodedOrPastAThousandDistinctWrittenPlain() {
        try (PredictionLog log = open()) {
            for (int n = 0; n < 3000; n++) {
                Map<String, Object> inputs = new java.util.LinkedHashMap<>();
                inputs.put("city", new Object[] {n % 7 == 0 ? null : "city-" + n % 1500});
                inputs.put("plan", new Object[] {n % 5 == 0 ? null : "plan-" + n % 3});
                Map<String, Object> outputs = Map.of("score", new double[] {n});
                log.log(new PredictionLog.Entry("r" + n, 1_000L + n, "churn", "1", n % 2 == 0 ? "primary" : null,
                        1.0, LoggedValues.of(LoggedValues.Layout.of(inputs, outputs), 1, inputs, outputs)));
            }
            log.flush();
            PredictionLog.Rows rows = log.read("churn", "1", 0, 3000);
            for (Object[] row : rows.rows()) {
                int n = ((Double) row[rows.columns().indexOf("out_score")]).intValue();
                assertThat(row[0]).isEqualTo("r" + n);
                assertThat(row[2]).isEqualTo(n % 2 == 0 ? "primary" : null);
                assertThat(row[rows.columns().indexOf("in_city")]).isEqualTo(n % 7 == 0 ? null : "city-" + n % 1500);
                assertThat(row[rows.columns().indexOf("in_plan")]).isEqualTo(n % 5 == 0 ? null : "plan-" + n % 3);
            }
            assertThat(rows.rows()).hasSize(3000);
        }
    }

    @Test
    void largeFeedbackBatchesWrittenByDuckDbAreMergedWholeAndStillJoinTheirRows() throws Exception {
        try (PredictionLog log = open()) {
            for (int n = 0; n < 3000; n++) {
                log.log(entry("r" + n, 1_000L + n, "1", n));
            }
            for (int batch = 0; batch < 2; batch++) {
                List<PredictionLog.Feedback> answers = new java.util.ArrayList<>();
                for (int n = batch * 1500; n < (batch + 1) * 1500; n++) {
                    answers.add(new PredictionLog.Feedback("r" + n, 0, n % 3 == 0 ? "yes" : "no", null));
                }
                assertThat(log.feedback(answers, 10_000 + batch).accepted()).isEqualTo(1500);
            }
            log.compactAll();
            try (var files = Files.list(dir.resolve(".feedback").resolve("all"))) {
                assertThat(files.count()).isEqualTo(1);
            }
            PredictionLog.Rows rows = log.read("churn", "1", 0, 3000);
            Object[] ids = rows.column("request_id");
            Object[] labels = rows.column("actual_label");
            for (int i = 0; i < ids.length; i++) {
                int n = Integer.parseInt(((String) ids[i]).substring(1));
                assertThat(labels[i]).isEqualTo(n % 3 == 0 ? "yes" : "no");
            }
            assertThat(ids).hasSize(3000);
        }
    }
}
