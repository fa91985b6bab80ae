package dev.capstan.ml.train;

import dev.capstan.ml.train.internal.Directories;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A k-fold cross-validation estimate ({@code split.folds}): the rows are dealt into k stratified folds; each fold in
 * turn is held out while the preprocessing and the model are fitted on the others (with early stopping on the held-out
 * fold when the config asks for it), and the fold's metrics are taken. The estimate is each metric's mean and
 * standard deviation over the folds; the model Capstan keeps is still the one trained on the config's split.
 */
public final class CrossValidation {

    private CrossValidation() {
    }

    /**
     * @param folds each fold's metrics on its held-out rows
     * @param mean  each metric's mean over the folds
     * @param std   each metric's population standard deviation over the folds
     */
    public record Result(List<Map<String, Double>> folds, Map<String, Double> mean, Map<String, Double> std) {
    }

    public static Result run(TrainConfig config) {
        Training.Source source = Training.source(config);
        int rows = source.features().rows();
        int k = config.split().folds();
        int[] fold = Splits.folds(rows, Training.strata(config, source.target()), k, config.split().seed());
        List<Map<String, Double>> metrics = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            int held = f;
            Splits.Split split = new Splits.Split(IntStream.range(0, rows).filter(r -> fold[r] != held).toArray(),
                    IntStream.range(0, rows).filter(r -> fold[r] == held).toArray(), new int[0]);
            Path dir = config.output().resolveSibling("." + config.output().getFileName() + "-fold-" + (f + 1));
            try {
                metrics.add(Training.fit(Training.prepare(config, source.target(), source.features(), split),
                        config.model().params(), dir).validation().metrics());
            } finally {
                Directories.delete(dir);
            }
        }
        return summary(metrics);
    }

    private static Result summary(List<Map<String, Double>> folds) {
        Map<String, Double> mean = new LinkedHashMap<>();
        Map<String, Double> std = new LinkedHashMap<>();
        for (String name : folds.get(0).keySet()) {
            double[] values = folds.stream().filter(m -> m.containsKey(name)).mapToDouble(m -> m.get(name)).toArray();
            if (values.length == folds.size()) {
                double m = java.util.Arrays.stream(values).average().orElse(Double.NaN);
                mean.put(name, m);
                std.put(name, Math.sqrt(java.util.Arrays.stream(values).map(v -> (v - m) * (v - m)).sum()
                        / values.length));
            }
        }
        return new Result(folds, mean, std);
    }
}
