package dev.capstan.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The baseline of the validation benchmark: the 40 checks of {@code capstan-bench/validate/suite.yaml} computed by
 * DuckDB, an embedded analytics engine, over the same CSV, every column read as text and cast as the suite types
 * it (as {@code capstan validate run} does). Prints each figure and the time taken, so that the two can be compared.
 * Usage: run.sh ValidateBaseline --csv=FILE
 */
public final class ValidateBaseline {

    private static final String CHECKS = """
            WITH t AS (SELECT * FROM data),
            s AS (SELECT avg(TRY_CAST(clicks AS DOUBLE)) m, stddev_samp(TRY_CAST(clicks AS DOUBLE)) sd FROM t),
            c AS (SELECT region, count(*) n FROM t WHERE region IS NOT NULL GROUP BY region)
            SELECT
              count(*) FILTER (WHERE id IS NULL) AS id_not_null,
              count(id) - count(DISTINCT id) AS id_unique,
              count(*) FILTER (WHERE NOT regexp_matches(id, '^C[0-9]{7}$')) AS id_regex,
              count(*) FILTER (WHERE age IS NOT NULL AND TRY_CAST(age AS BIGINT) IS NULL) AS age_type,
              count(*) FILTER (WHERE TRY_CAST(age AS DOUBLE) NOT BETWEEN 18 AND 100) AS age_between,
              avg(TRY_CAST(age AS DOUBLE)) AS age_mean,
              count(*) FILTER (WHERE income IS NOT NULL AND TRY_CAST(income AS DOUBLE) IS NULL) AS income_type,
              count(*) FILTER (WHERE income IS NULL) AS income_not_null,
              quantile_cont(TRY_CAST(income AS DOUBLE), 0.5) AS income_median,
              stddev_samp(TRY_CAST(income AS DOUBLE)) AS income_stdev,
              count(*) FILTER (WHERE TRY_CAST(score AS DOUBLE) NOT BETWEEN 0 AND 1) AS score_between,
              quantile_cont(TRY_CAST(score AS DOUBLE), [0.25, 0.5, 0.75]) AS score_quantiles,
              count(*) FILTER (WHERE tenure IS NOT NULL AND TRY_CAST(tenure AS BIGINT) IS NULL) AS tenure_type,
              count(*) FILTER (WHERE TRY_CAST(tenure AS DOUBLE) NOT BETWEEN 0 AND 120) AS tenure_between,
              count(*) FILTER (WHERE visits IS NOT NULL AND TRY_CAST(visits AS BIGINT) IS NULL) AS visits_type,
              max(TRY_CAST(visits AS DOUBLE)) AS visits_max,
              min(TRY_CAST(balance AS DOUBLE)) AS balance_min,
              count(*) FILTER (WHERE NOT (TRY_CAST(rate AS DOUBLE) >= 0 AND TRY_CAST(rate AS DOUBLE) < 1)) AS rate_between,
              count(*) FILTER (WHERE abs((TRY_CAST(clicks AS DOUBLE) - (SELECT m FROM s)) / (SELECT sd FROM s)) >= 4)
                  AS clicks_z_score,
              count(*) FILTER (WHERE spend_a IS NOT NULL AND TRY_CAST(spend_a AS BIGINT) IS NULL) AS spend_a_type,
              count(*) FILTER (WHERE spend_b IS NOT NULL AND TRY_CAST(spend_b AS BIGINT) IS NULL) AS spend_b_type,
              count(*) FILTER (WHERE category NOT IN ('electronics', 'books', 'garden', 'toys', 'food')) AS category_in_set,
              mode(category) AS category_most_common,
              list_sort(list(DISTINCT region)) AS region_distinct,
              (SELECT min(n) / sum(n) FROM c) AS region_minority_share,
              count(*) FILTER (WHERE plan IN ('trial')) AS plan_not_in_set,
              count(DISTINCT plan) AS plan_unique_count,
              count(*) FILTER (WHERE NOT regexp_matches(email, '^[^@]+@[^@]+\\.[a-z]+$')) AS email_regex,
              count(*) FILTER (WHERE length(email) NOT BETWEEN 5 AND 64) AS email_length,
              count(*) FILTER (WHERE signup IS NOT NULL AND TRY_CAST(signup AS DATE) IS NULL) AS signup_type,
              count(*) FILTER (WHERE signup IS NOT NULL AND try_strptime(signup, '%Y-%m-%d') IS NULL) AS signup_format,
              count(*) FILTER (WHERE TRY_CAST(churn AS DOUBLE) NOT IN (0, 1)) AS churn_in_set,
              sum(TRY_CAST(ratio AS DOUBLE)) AS ratio_sum,
              count(*) FILTER (WHERE length(zip) <> 5) AS zip_length,
              count(*) FILTER (WHERE regexp_matches(note, 'password')) AS note_not_regex,
              count(*) AS row_count,
              count(*) FILTER (WHERE TRY_CAST(spend_a AS DOUBLE) < TRY_CAST(spend_b AS DOUBLE)) AS pair_greater,
              count(*) - count(DISTINCT (email, id)) AS unique_together
            FROM t
            """;

    private ValidateBaseline() {
    }

    public static void main(String[] args) throws SQLException {
        String csv = BenchSupport.args(args, "csv").get("csv");
        long start = System.nanoTime();
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = db.createStatement()) {
            try (PreparedStatement load = db.prepareStatement(
                    "CREATE TABLE data AS SELECT * FROM read_csv(?, header = true, all_varchar = true)")) {
                load.setString(1, csv);
                load.execute();
            }
            long loaded = System.nanoTime();
            int columns = columnCount(statement);
            try (ResultSet result = statement.executeQuery(CHECKS)) {
                print(result);
            }
            System.out.printf("columns_match_list: %d columns%n", columns);
            long end = System.nanoTime();
            System.out.printf("DuckDB: load %.2f s, 40 checks %.2f s, total %.2f s (in-process, after JVM start)%n",
                    (loaded - start) / 1e9, (end - loaded) / 1e9, (end - start) / 1e9);
        }
    }

    private static int columnCount(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT * FROM data LIMIT 0")) {
            return result.getMetaData().getColumnCount();
        }
    }

    private static void print(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        result.next();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            System.out.printf("%s: %s%n", meta.getColumnLabel(i), result.getObject(i));
        }
    }
}
