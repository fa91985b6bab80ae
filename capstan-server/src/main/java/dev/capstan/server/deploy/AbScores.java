package dev.capstan.server.deploy;

import dev.capstan.deploy.AbTest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An A/B deployment's feedback, per variant, and the test of whether the variants differ: a two-proportion z-test
 * for {@code accuracy} and {@code conversion}, Welch's t-test for {@code value} and {@code absolute_error}. Kept
 * in memory: it starts again when the server restarts. Thread-safe.
 */
final class AbScores {

    /** Outcomes of one variant: their count, successes (rates) and sums (means). */
    private static final class Tally {
        long n;
        long successes;
        double sum;
        double sumOfSquares;
    }

    private final String metric;
    private final Map<String, Tally> variants = new LinkedHashMap<>();

    AbScores(String metric) {
        this.metric = metric;
        variants.put("primary", new Tally());
        variants.put("candidate", new Tally());
    }

    boolean isRate() {
        return metric.equals("accuracy") || metric.equals("conversion");
    }

    /** Adds one outcome: 1 or 0 for a rate, the value otherwise. */
    synchronized void add(String variant, double outcome) {
        Tally t = variants.computeIfAbsent(variant, v -> new Tally());
        t.n++;
        t.successes += outcome == 1 ? 1 : 0;
        t.sum += outcome;
        t.sumOfSquares += outcome * outcome;
    }

    /** The metric, each variant's count and rate or mean, and the test. */
    synchronized Map<String, Object> view() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("metric", metric);
        Map<String, Object> byVariant = new LinkedHashMap<>();
        variants.forEach((name, t) -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("n", t.n);
            v.put(isRate() ? "rate" : "mean", t.n == 0 ? null : t.sum / t.n);
            byVariant.put(name, v);
        });
        view.put("variants", byVariant);
        Tally a = variants.get("candidate");
        Tally b = variants.get("primary");
        AbTest.Result r = isRate() ? AbTest.twoProportions(a.successes, a.n, b.successes, b.n)
                : AbTest.welch(mean(a), variance(a), a.n, mean(b), variance(b), b.n);
        Map<String, Object> test = new LinkedHashMap<>();
        test.put("name", r.test() + ", candidate against primary");
        test.put("statistic", Double.isNaN(r.statistic()) ? null : r.statistic());
        test.put("p_value", Double.isNaN(r.pValue()) ? null : r.pValue());
        if (Double.isNaN(r.pValue())) {
            test.put("note", "not enough data: each variant needs at least 2 outcomes, and some variation");
        }
        view.put("test", test);
        return view;
    }

    private static double mean(Tally t) {
        return t.n == 0 ? 0 : t.sum / t.n;
    }

    private static double variance(Tally t) {
        return t.n < 2 ? 0 : Math.max(0, (t.sumOfSquares - t.sum * t.sum / t.n) / (t.n - 1));
    }
}
