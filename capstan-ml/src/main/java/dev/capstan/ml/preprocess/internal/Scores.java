package dev.capstan.ml.preprocess.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.preprocess.Step.SelectKBest.Score;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The univariate scores of {@code SelectKBest} ({@code f_classif}, {@code chi2}, {@code f_regression}) with
 * scikit-learn 1.2's formulas, and its choice of the k best. Features are given column by column.
 */
public final class Scores {

    private Scores() {
    }

    /**
     * One score per feature.
     *
     * @param names the features' names and {@code where} the step, for messages
     */
    public static double[] score(Score score, double[][] features, double[] target, String[] names, String where) {
        switch (score) {
            case F_CLASSIF:
                Classes classes = classes(target, where);
                return map(features, x -> fClassif(x, classes));
            case CHI2:
                return chi2(features, classes(target, where), names, where);
            default:
                return fRegression(features, target);
        }
    }

    /**
     * The indices, ascending, of the k highest scores; NaN counts as the lowest score and among equal scores the
     * later feature wins (a stable ascending sort, then the last k).
     */
    public static int[] best(double[] scores, int k) {
        Comparator<Integer> ascending = (a, b) -> compare(clean(scores[a]), clean(scores[b]));
        Integer[] order = IntStream.range(0, scores.length).boxed().sorted(ascending).toArray(Integer[]::new);
        return Arrays.stream(order, scores.length - k, scores.length).mapToInt(Integer::intValue).sorted().toArray();
    }

    private static double fClassif(double[] x, Classes c) {
        double[] sums = new double[c.count()];
        double[] squares = new double[c.count()];
        for (int i = 0; i < x.length; i++) {
            sums[c.of(i)] += x[i];
            squares[c.of(i)] += x[i] * x[i];
        }
        double squaresAll = 0.0;
        double sumAll = 0.0;
        double between = 0.0;
        for (int k = 0; k < c.count(); k++) {
            squaresAll += squares[k];
            sumAll += sums[k];
            between += sums[k] * sums[k] / c.size(k);
        }
        int n = x.length;
        double squareOfSums = sumAll * sumAll;
        between -= squareOfSums / n;
        double within = squaresAll - squareOfSums / n - between;
        return (between / (c.count() - 1)) / (within / (n - c.count()));
    }

    private static double[] chi2(double[][] features, Classes c, String[] names, String where) {
        double[] out = new double[features.length];
        for (int j = 0; j < features.length; j++) {
            double[] x = features[j];
            if (Arrays.stream(x).anyMatch(v -> v < 0)) {
                throw CapstanException.invalid("%s: chi2 needs non-negative features; feature '%s' has a negative"
                        + " value (scale it with minmax first)", where, names[j]);
            }
            out[j] = chi2(x, c);
        }
        return out;
    }

    private static double chi2(double[] x, Classes c) {
        double[] observed = new double[c.count()];
        double total = 0.0;
        for (int i = 0; i < x.length; i++) {
            observed[c.of(i)] += x[i];
            total += x[i];
        }
        double chi2 = 0.0;
        for (int k = 0; k < c.count(); k++) {
            double expected = classProbability(c, k, x.length) * total;
            double d = observed[k] - expected;
            chi2 += d * d / expected;
        }
        return chi2;
    }

    /**
     * A class's share of the rows as sklearn's {@code chi2} computes it: the mean of a dense 0/1 column for two
     * classes, and for more the sum of {@code 1/n} over the class's rows (scipy's sparse mean).
     */
    private static double classProbability(Classes c, int k, int n) {
        if (c.count() == 2) {
            return (double) c.size(k) / n;
        }
        double sum = 0.0;
        for (int i = 0; i < c.size(k); i++) {
            sum += 1.0 / n;
        }
        return sum;
    }

    private static double[] fRegression(double[][] features, double[] y) {
        int n = y.length;
        double yMean = NumpySum.nanSum(y) / n;
        double[] centered = Arrays.stream(y).map(v -> v - yMean).toArray();
        double yNorm = Math.sqrt(dot(centered, centered));
        return map(features, x -> fStatistic(correlation(x, centered, yNorm), n - 2));
    }

    private static double correlation(double[] x, double[] centeredY, double yNorm) {
        int n = x.length;
        double mean = sum(x) / n;
        double xNorm = Math.sqrt(dot(x, x) - n * (mean * mean));
        double r = dot(centeredY, x) / xNorm / yNorm;
        return Double.isNaN(r) ? 0.0 : r;
    }

    private static double fStatistic(double r, int degrees) {
        double r2 = r * r;
        double f = r2 / (1 - r2) * degrees;
        if (Double.isInfinite(f)) {
            return Double.MAX_VALUE;
        }
        return Double.isNaN(f) ? 0.0 : f;
    }

    private static double sum(double[] a) {
        double sum = 0.0;
        for (double v : a) {
            sum += v;
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double[] map(double[][] features, ToDoubleFunction<double[]> f) {
        return Arrays.stream(features).mapToDouble(f).toArray();
    }

    private static double clean(double score) {
        return Double.isNaN(score) ? -Double.MAX_VALUE : score;
    }

    private static int compare(double a, double b) {
        return a < b ? -1 : a > b ? 1 : 0;
    }

    private static Classes classes(double[] target, String where) {
        Classes c = new Classes(target);
        if (c.count() < 2) {
            throw CapstanException.invalid("%s: needs at least 2 classes in the target, found %d", where, c.count());
        }
        return c;
    }

    /** The classes of a target: sorted distinct values, and each row's class index. */
    private static final class Classes {
        private final int[] index;
        private final int[] sizes;

        Classes(double[] target) {
            double[] distinct = Arrays.stream(target).distinct().sorted().toArray();
            index = Arrays.stream(target).mapToInt(v -> Arrays.binarySearch(distinct, v)).toArray();
            sizes = new int[distinct.length];
            for (int i : index) {
                sizes[i]++;
            }
        }

        int count() {
            return sizes.length;
        }

        int of(int row) {
            return index[row];
        }

        int size(int k) {
            return sizes[k];
        }
    }
}
