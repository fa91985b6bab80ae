package dev.capstan.ml.preprocess.internal;

import dev.capstan.ml.preprocess.Step;

import java.util.List;

/**
 * A step with the parameters it learned from the training data, named after scikit-learn's fitted attributes
 * ({@code statistics_}, {@code mean_}, {@code categories_}, {@code scores_}, ...), one entry per column.
 */
public sealed interface FittedStep
        permits FittedStep.Impute, FittedStep.Standard, FittedStep.MinMax, FittedStep.OneHot, FittedStep.Select {

    Step step();

    default List<String> columns() {
        return step().columns();
    }

    /** {@code SimpleImputer}: the fill value of each column, a {@code Double} or a {@code String}. */
    record Impute(Step.Impute step, List<Object> statistics) implements FittedStep {
        public Impute {
            statistics = List.copyOf(statistics);
        }
    }

    /** {@code StandardScaler}: {@code x -> (x - mean) / scale}. */
    record Standard(Step.Scale step, double[] mean, double[] var, double[] scale, long[] samplesSeen)
            implements FittedStep {

        public NumOp op(int column) {
            return NumOp.standard(mean[column], scale[column]);
        }
    }

    /** {@code MinMaxScaler}: {@code x -> x * scale + min}. */
    record MinMax(Step.Scale step, double[] dataMin, double[] dataMax, double[] scale, double[] min)
            implements FittedStep {

        public NumOp op(int column) {
            return NumOp.minMax(scale[column], min[column]);
        }
    }

    /** {@code OneHotEncoder}: the categories of each column. */
    record OneHot(Step.OneHot step, List<Categories> categories) implements FittedStep {
        public OneHot {
            categories = List.copyOf(categories);
        }
    }

    /** {@code SelectKBest}: the score of every feature before selection and the kept features' indices. */
    record Select(Step.SelectKBest step, double[] scores, int[] selected) implements FittedStep {
    }
}
