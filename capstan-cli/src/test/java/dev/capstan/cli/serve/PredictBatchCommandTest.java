package dev.capstan.cli.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.capstan.Json;
import dev.capstan.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code capstan predict-batch} with the real XGBoost fixture and its expected predictions. */
class PredictBatchCommandTest {

    private static final Path FIXTURE = Path.of("../capstan-ml/src/test/resources/models/xgb-binary-json");

    @TempDir
    Path dir;

    private static List<Long> expectedLabels() throws Exception {
        JsonNode expected = Json.MAPPER.readTree(FIXTURE.resolve("expected.json").toFile()).get("predict");
        List<Long> labels = new ArrayList<>();
        expected.forEach(v -> labels.add(v.asLong()));
        return labels;
    }

    private static List<Long> labels(Path parquet, String column) throws Exception {
        List<Long> labels = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("SELECT " + column + " FROM read_parquet('" + parquet + "')")) {
            while (rs.next()) {
                labels.add(rs.getLong(1));
            }
        }
        return labels;
    }

    @Test
    void scoresCsvIntoParquetWithTheInputColumnsFirst() throws Exception {
        Path out = dir.resolve("scored.parquet");
        Cli.Result result = Cli.run("predict-batch", FIXTURE.resolve("model").toString(), "-i",
                FIXTURE.resolve("rows.csv").toString(), "-o", out.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Scored 205 rows into");
        assertThat(labels(out, "label")).isEqualTo(expectedLabels());
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + out + "')")) {
            List<String> columns = new ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
            assertThat(columns).startsWith("f0", "f1").endsWith("f29", "label", "probability_0", "probability_1");
        }
        assertThat(Files.list(dir)).extracting(p -> p.getFileName().toString()).containsExactly("scored.parquet");

        Path again = dir.resolve("again.csv");
        Cli.Result fromParquet = Cli.run("predict-batch", FIXTURE.resolve("model").toString(), "-i", out.toString(),
                "-o", again.toString());
        assertThat(fromParquet.exitCode()).as(fromParquet.err()).isZero();
        List<String> lines = Files.readAllLines(again);
        assertThat(lines.get(0)).endsWith(",label,probability_0,probability_1,predicted_label,predicted_probability_0,"
                + "predicted_probability_1");
        assertThat(lines).hasSize(206);
        for (int r = 0; r < 205; r++) {
            String[] cells = lines.get(r + 1).split(",", -1);
            assertThat(cells[30]).isEqualTo(cells[33]);
        }
    }

    @Test
    void refusesAnUnknownOutputFormatAndLeavesNothingBehind() {
        Cli.Result result = Cli.run("predict-batch", FIXTURE.resolve("model").toString(), "-i",
                FIXTURE.resolve("rows.csv").toString(), "-o", dir.resolve("out.xlsx").toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("out.xlsx", "must be .csv or .parquet");
    }

    @Test
    void aRowTheModelRefusesFailsNamingTheColumnWithoutAnOutput() throws Exception {
        Path bad = dir.resolve("bad.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(FIXTURE.resolve("rows.csv")));
        lines.set(3, lines.get(3).replaceFirst("^[^,]*,[^,]*,", "1.0,oops,"));
        Files.write(bad, lines);
        Path out = dir.resolve("out.parquet");
        Cli.Result result = Cli.run("predict-batch", FIXTURE.resolve("model").toString(), "-i", bad.toString(),
                "-o", out.toString());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("f1", "oops");
        assertThat(Files.list(dir)).extracting(p -> p.getFileName().toString()).containsExactly("bad.csv");
    }
}
