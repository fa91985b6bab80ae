package dev.capstan.ml.preprocess.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.preprocess.Step;

import java.util.Arrays;
import java.util.List;

/** Fits {@code select_k_best} on the features the steps before it produced from the training frame. */
final class Selection {

    private Selection() {
    }

    static FittedStep.Select fit(String where, Step.SelectKBest step, List<String> names, double[][] features,
                                 double[] target) {
        checkTarget(where, target, features.length == 0 ? 0 : features[0].length);
        if (step.k() > names.size()) {
            throw CapstanException.invalid("%s: k = %d is larger than the number of features (%d): %s",
                    where, step.k(), names.size(), names);
        }
        for (int j = 0; j < features.length; j++) {
            if (Arrays.stream(features[j]).anyMatch(Double::isNaN)) {
                throw CapstanException.invalid("%s: feature '%s' has missing values; select_k_best needs none"
                        + " (impute the column first)", where, names.get(j));
            }
        }
        double[] scores = Scores.score(step.score(), features, target, names.toArray(String[]::new), where);
        return new FittedStep.Select(step, scores, Scores.best(scores, step.k()));
    }

    private static void checkTarget(String where, double[] target, int rows) {
        if (target == null) {
            throw CapstanException.invalid("%s: needs the target, and none was given", where);
        }
        if (target.length != rows) {
            throw CapstanException.invalid("%s: expected %d target values (one per row), found %d",
                    where, rows, target.length);
        }
        if (Arrays.stream(target).anyMatch(v -> !Double.isFinite(v))) {
            throw CapstanException.invalid("%s: the target has a missing or infinite value", where);
        }
    }
}
