package dev.capstan.bench;

import dev.capstan.validate.Suite;
import dev.capstan.validate.ValidationReport;
import dev.capstan.validate.Validator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Serving-time validation: how long {@link Validator#validateRows} takes for a one-row request against the demo
 * suite of docs/validation.md (24 checks on 5 columns), after warming up. The baseline is the same call with an
 * empty suite, which measures what a request costs before any check.
 * Usage: run.sh ValidateRowsLatency --suite=capstan-bench/validate/request-suite.yaml [--requests=200000]
 */
public final class ValidateRowsLatency {

    private static final List<String> COLUMNS = List.of("customer_id", "age", "purchase_amount", "category", "signup");
    private static final List<Map<String, Object>> ROW = List.of(Map.of("customer_id", "C1", "age", 34L,
            "purchase_amount", 12.5, "category", "gold", "signup", "2024-01-05"));

    private ValidateRowsLatency() {
    }

    public static void main(String[] args) {
        Map<String, String> options = BenchSupport.args(args, "suite", "requests");
        int requests = BenchSupport.intArg(options, "requests", 200_000);
        Validator suite = new Validator(Suite.read(Path.of(options.get("suite"))));
        Validator empty = new Validator(new Suite("empty", List.of(), List.of(), null));
        System.out.printf("one-row request: %.1f us with the suite (%d checks), %.1f us with an empty suite%n",
                microsPerRequest(suite, requests), suite.validateRows("r", COLUMNS, ROW).results().size(),
                microsPerRequest(empty, requests));
    }

    private static double microsPerRequest(Validator validator, int requests) {
        ValidationReport last = null;
        for (int i = 0; i < requests; i++) {   // warm-up: let the JIT compile the path
            last = validator.validateRows("request", COLUMNS, ROW);
        }
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            last = validator.validateRows("request", COLUMNS, ROW);
        }
        long elapsed = System.nanoTime() - start;
        if (last.rows() != 1) {
            throw new IllegalStateException("expected one row, validated " + last.rows());
        }
        return elapsed / 1e3 / requests;
    }
}
