package dev.capstan.ml.evaluate;

import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.predict.BatchFiles;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.validate.CheckResult;
import dev.capstan.validate.CheckSpec;
import dev.capstan.validate.CheckType;
import dev.capstan.validate.ColumnSpec;
import dev.capstan.validate.Suite;
import dev.capstan.validate.TableSource;
import dev.capstan.validate.TableSources;
import dev.capstan.validate.ValidationReport;
import dev.capstan.validate.Validator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks a model against its {@link GateConfig}: its metrics on the held-out rows, no regression against a
 * reference model on the same rows, one-row latency, its size, and data checks run by the validation engine.
 * Every gate is checked and reported, passed or not.
 */
public final class Gates {

    private static final int WARM_UP = 200;

    private Gates() {
    }

    /**
     * One gate's outcome.
     *
     * @param gate     what was checked ({@code metric roc_auc}, {@code no regression f1_score}, {@code latency p99})
     * @param observed what the model did
     * @param required what it had to do
     * @param passed   whether it did
     */
    public record Result(String gate, String observed, String required, boolean passed) {
    }

    /** @param reference the reference model's directory, or null when the config names none */
    public static List<Result> check(GateConfig config, Path model, Path reference) {
        List<Result> results = new ArrayList<>();
        Map<String, Double> metrics = ModelEvaluation.evaluate(model, config.data(), config.target(), null).metrics();
        config.metrics().forEach((name, bound) -> results.add(metric(name, metrics.get(name), bound)));
        if (config.reference() != null) {
            Map<String, Double> before = ModelEvaluation.evaluate(reference, config.data(), config.target(), null)
                    .metrics();
            for (String name : config.reference().metrics()) {
                results.add(noRegression(name, metrics.get(name), before.get(name), config.reference().tolerance()));
            }
        }
        if (config.latencyP99Millis() != null) {
            double p99 = p99Millis(model, config.data(), config.target(), config.latencyRequests());
            results.add(new Result("latency p99 (one row)", format(p99) + " ms",
                    "<= " + format(config.latencyP99Millis()) + " ms", p99 <= config.latencyP99Millis()));
        }
        if (config.maxSizeMb() != null) {
            double mb = size(model) / 1e6;
            results.add(new Result("model size", format(mb) + " MB", "<= " + format(config.maxSizeMb()) + " MB",
                    mb <= config.maxSizeMb()));
        }
        results.addAll(dataChecks(config));
        return results;
    }

    private static Result metric(String name, Double value, GateConfig.Bound bound) {
        boolean passed = value != null && (bound.min() == null || value >= bound.min())
                && (bound.max() == null || value <= bound.max());
        String required = (bound.min() == null ? "" : ">= " + format(bound.min()))
                + (bound.min() != null && bound.max() != null ? " and " : "")
                + (bound.max() == null ? "" : "<= " + format(bound.max()));
        return new Result("metric " + name, value == null ? "not computed" : format(value), required, passed);
    }

    /** The candidate may be worse than the reference by the tolerance at most: lower for a loss, higher else. */
    private static Result noRegression(String name, Double now, Double before, double tolerance) {
        boolean lower = ModelEvaluation.lowerIsBetter(name);
        boolean passed = now != null && before != null && (lower ? now <= before + tolerance
                : now >= before - tolerance);
        String required = before == null ? "reference has none"
                : (lower ? "<= " + format(before) + " + " : ">= " + format(before) + " - ") + format(tolerance);
        return new Result("no regression " + name, now == null ? "not computed" : format(now), required, passed);
    }

    /** The 99th percentile of one-row predictions of the data's first row, after a warm-up. */
    private static double p99Millis(Path model, Path data, String target, int requests) {
        ColumnarBatch row = firstRow(BatchFiles.read(data), target);
        long[] nanos = new long[requests];
        try (ModelScorer scorer = ModelScorer.open(model)) {
            for (int i = 0; i < WARM_UP; i++) {
                scorer.score(row);
            }
            for (int i = 0; i < requests; i++) {
                long start = System.nanoTime();
                scorer.score(row);
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        return nanos[(int) Math.ceil(0.99 * requests) - 1] / 1e6;
    }

    private static ColumnarBatch firstRow(ColumnarBatch table, String target) {
        Map<String, Object> columns = new LinkedHashMap<>();
        table.columns().forEach((name, values) -> {
            if (!name.equals(target)) {
                Object one = Array.newInstance(values.getClass().getComponentType(), 1);
                Array.set(one, 0, Array.get(values, 0));
                columns.put(name, one);
            }
        });
        return new ColumnarBatch(columns, 1);
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure " + dir, e);
        }
    }

    /** No leakage of keys from the training data, and the minority class's share, by the validation engine. */
    private static List<Result> dataChecks(GateConfig config) {
        List<CheckSpec> table = new ArrayList<>();
        List<ColumnSpec> columns = new ArrayList<>();
        if (config.train() != null && config.key() != null) {
            table.add(CheckSpec.of(CheckType.NO_LEAKAGE, Map.of("key", config.key())));
        }
        if (config.minClassShare() != null) {
            columns.add(ColumnSpec.of(config.target(), List.of(CheckSpec.of(CheckType.CLASS_BALANCE,
                    Map.of("min_share", config.minClassShare())))));
        }
        if (table.isEmpty() && columns.isEmpty()) {
            return List.of();
        }
        ValidationReport report;
        try (TableSource data = TableSources.open(config.data());
             TableSource train = config.train() == null ? null : TableSources.open(config.train())) {
            report = new Validator(new Suite("gates", columns, table, config.file())).validate(data, train, r -> { });
        }
        return report.results().stream().map(Gates::dataResult).toList();
    }

    private static Result dataResult(CheckResult check) {
        if (check.type() == CheckType.NO_LEAKAGE) {
            return new Result("no leakage of " + check.column() + " from training", check.unexpectedCount()
                    + " rows share a key", "0 rows", check.success());
        }
        Object share = check.observedValue() instanceof Map<?, ?> observed ? observed.get("minority_share") : null;
        return new Result("class balance of " + check.column(), share instanceof Double d ? format(d) : "none",
                ">= " + ((Map<?, ?>) check.argument()).get("min_share"), check.success());
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value).replaceFirst("\\.?0+$", "");
    }
}
