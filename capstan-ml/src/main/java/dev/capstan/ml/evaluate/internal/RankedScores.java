package dev.capstan.ml.evaluate.internal;

import dev.capstan.ml.evaluate.Curve;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Scores ranked for one positive class: at each distinct score, from the highest down, how many positive and
 * negative rows score at least that much (scikit-learn's {@code _binary_clf_curve}). Tied scores make one
 * threshold, so ROC AUC and average precision treat ties exactly as scikit-learn does.
 */
public final class RankedScores {

    private final double[] thresholds;
    private final double[] truePositives;
    private final double[] falsePositives;

    private RankedScores(double[] thresholds, double[] truePositives, double[] falsePositives) {
        this.thresholds = thresholds;
        this.truePositives = truePositives;
        this.falsePositives = falsePositives;
    }

    /** Ranks the scores of positive and negative rows, each side sorted on its own and then merged from the top. */
    public static RankedScores of(boolean[] positive, double[] score) {
        double[] positives = sortedScores(positive, score, true);
        double[] negatives = sortedScores(positive, score, false);
        double[] thresholds = new double[score.length];
        double[] tps = new double[score.length];
        double[] fps = new double[score.length];
        int distinct = 0;
        for (int p = positives.length, n = negatives.length; p > 0 || n > 0; distinct++) {
            double next = p == 0 ? negatives[n - 1] : n == 0 || Double.compare(positives[p - 1], negatives[n - 1]) > 0
                    ? positives[p - 1] : negatives[n - 1];
            while (p > 0 && tied(positives[p - 1], next)) {
                p--;
            }
            while (n > 0 && tied(negatives[n - 1], next)) {
                n--;
            }
            thresholds[distinct] = next;
            tps[distinct] = positives.length - p;
            fps[distinct] = negatives.length - n;
        }
        return new RankedScores(Arrays.copyOf(thresholds, distinct), Arrays.copyOf(tps, distinct),
                Arrays.copyOf(fps, distinct));
    }

    /** The scores of the positive (or negative) rows, ascending. */
    private static double[] sortedScores(boolean[] positive, double[] score, boolean side) {
        double[] scores = IntStream.range(0, score.length).filter(i -> positive[i] == side).mapToDouble(i -> score[i])
                .toArray();
        Arrays.sort(scores);
        return scores;
    }

    /** One threshold, as numpy's {@code diff != 0} sees it: 0.0 and -0.0 are tied, and so are NaNs. */
    private static boolean tied(double a, double b) {
        return a == b || Double.isNaN(a) && Double.isNaN(b);
    }

    /**
     * scikit-learn's {@code roc_curve(drop_intermediate=True)}: collinear points dropped, (0, 0) with threshold
     * +Infinity first; rates are NaN when the rows hold no negatives (fpr) or no positives (tpr).
     */
    public Curve roc() {
        int[] kept = corners();
        double[] fpr = new double[kept.length + 1];
        double[] tpr = new double[kept.length + 1];
        double[] at = new double[kept.length + 1];
        fpr[0] = rate(0, negatives());
        tpr[0] = rate(0, positives());
        at[0] = Double.POSITIVE_INFINITY;
        for (int j = 0; j < kept.length; j++) {
            fpr[j + 1] = rate(falsePositives[kept[j]], negatives());
            tpr[j + 1] = rate(truePositives[kept[j]], positives());
            at[j + 1] = thresholds[kept[j]];
        }
        return new Curve(fpr, tpr, at);
    }

    /**
     * scikit-learn's {@code precision_recall_curve}: thresholds ascending, then the point (recall 0, precision 1)
     * without a threshold; recall is 1 everywhere when the rows hold no positives.
     */
    public Curve precisionRecall() {
        int n = thresholds.length;
        double[] recall = new double[n + 1];
        double[] precision = new double[n + 1];
        double[] at = new double[n];
        for (int j = 0; j < n; j++) {
            int i = n - 1 - j;
            recall[j] = positives() == 0 ? 1.0 : truePositives[i] / positives();
            precision[j] = truePositives[i] / (truePositives[i] + falsePositives[i]);
            at[j] = thresholds[i];
        }
        precision[n] = 1.0;
        return new Curve(recall, precision, at);
    }

    /** The area under a ROC curve by the trapezoidal rule, as scikit-learn's {@code auc}. */
    public static double area(Curve roc) {
        double sum = 0.0;
        for (int i = 0; i + 1 < roc.x().length; i++) {
            sum += (roc.x()[i + 1] - roc.x()[i]) * (roc.y()[i + 1] + roc.y()[i]) / 2.0;
        }
        return sum;
    }

    /** Average precision: the sum over thresholds of (R_n − R_{n−1})·P_n, without interpolation. */
    public static double averagePrecision(Curve precisionRecall) {
        double[] recall = precisionRecall.x();
        double sum = 0.0;
        for (int i = 0; i + 1 < recall.length; i++) {
            sum += (recall[i] - recall[i + 1]) * precisionRecall.y()[i];
        }
        return sum;
    }

    /** Indices of the first and last point and of every point where the curve changes direction. */
    private int[] corners() {
        int n = thresholds.length;
        return IntStream.range(0, n)
                .filter(i -> n <= 2 || i == 0 || i == n - 1 || bends(truePositives, i) || bends(falsePositives, i))
                .toArray();
    }

    private static boolean bends(double[] counts, int i) {
        return (counts[i + 1] - counts[i]) - (counts[i] - counts[i - 1]) != 0.0;
    }

    private double positives() {
        return truePositives[truePositives.length - 1];
    }

    private double negatives() {
        return falsePositives[falsePositives.length - 1];
    }

    private static double rate(double count, double total) {
        return total > 0 ? count / total : Double.NaN;
    }
}
