package dev.capstan.ml.preprocess.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.preprocess.Frame;
import dev.capstan.ml.preprocess.Step;
import dev.capstan.ml.preprocess.Step.Impute.Strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits steps in order on a training frame. Each step is fitted on the output of the steps before it, column by
 * column, which is what scikit-learn's {@code ColumnTransformer} with one {@code Pipeline} per column does.
 */
public final class Fitter {

    private final Frame train;
    private final Map<String, WorkColumn> work = new HashMap<>();
    private final Map<String, String> encodedBy = new HashMap<>();

    private Fitter(Frame train) {
        this.train = train;
    }

    /** @param target one value per training row; needed only by {@code select_k_best} */
    public static FittedPipeline fit(List<Step> steps, Frame train, double[] target) {
        checkSteps(steps, train);
        if (train.rows() == 0 || train.names().isEmpty()) {
            throw CapstanException.invalid("The training frame is empty (%d rows, %d columns)",
                    train.rows(), train.names().size());
        }
        List<FittedStep> fitted = new Fitter(train).fitTransforms(steps);
        Plan plan = Plan.compile(new FittedPipeline(train.names(), fitted));
        Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (last instanceof Step.SelectKBest select) {
            fitted.add(Selection.fit(where(steps.size() - 1, last), select, plan.allFeatureNames(),
                    plan.allFeatures(train), target));
        } else {
            plan.validate(train);
        }
        return new FittedPipeline(train.names(), fitted);
    }

    /** Fits every step but {@code select_k_best}. */
    private List<FittedStep> fitTransforms(List<Step> steps) {
        List<FittedStep> fitted = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            if (!(steps.get(i) instanceof Step.SelectKBest)) {
                fitted.add(fit(where(i, steps.get(i)), steps.get(i)));
            }
        }
        return fitted;
    }

    private static String where(int index, Step step) {
        return "preprocessing[" + index + "] (" + step.name() + ")";
    }

    private static void checkSteps(List<Step> steps, Frame train) {
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            if (step instanceof Step.SelectKBest && i != steps.size() - 1) {
                throw CapstanException.invalid("%s: must be the last step", where(i, step));
            }
            for (String column : step.columns()) {
                if (train.indexOf(column) < 0) {
                    throw CapstanException.invalid("%s: no column '%s' in the training data; it has %s",
                            where(i, step), column, train.names());
                }
            }
        }
    }

    private FittedStep fit(String where, Step step) {
        if (step instanceof Step.Impute impute) {
            return impute(where, impute);
        }
        if (step instanceof Step.Scale scale) {
            return scale.method() == Step.Scale.Method.STANDARD ? standard(where, scale) : minMax(where, scale);
        }
        return oneHot(where, (Step.OneHot) step);
    }

    private FittedStep impute(String where, Step.Impute step) {
        List<Object> statistics = new ArrayList<>();
        for (String name : step.columns()) {
            WorkColumn column = column(where, name);
            if (column.hasNumbers()) {
                double statistic = numericStatistic(where, step, column);
                statistics.add(statistic);
                boolean complete = Statistics.count(column.numbers()) == train.rows();
                put(column.withNumbers(NumOp.fill(statistic).applyAll(column.numbers()),
                        complete ? column.kind() : ValueKind.FLOAT));
            } else {
                String statistic = textStatistic(where, step, column);
                statistics.add(statistic);
                put(column.withRaw(Arrays.stream(column.raw()).map(v -> Values.isMissing(v) ? statistic : v)
                        .toArray()));
            }
        }
        return new FittedStep.Impute(step, statistics);
    }

    private static double numericStatistic(String where, Step.Impute step, WorkColumn column) {
        requireFinite(where, column);
        if (step.strategy() == Strategy.CONSTANT) {
            if (step.fillValue() instanceof String text) {
                throw CapstanException.invalid("%s: fill_value '%s' is text but column '%s' holds numbers",
                        where, text, column.name());
            }
            return step.fillValue() == null ? 0.0 : ((Number) step.fillValue()).doubleValue();
        }
        requireValues(where, column, Statistics.count(column.numbers()));
        switch (step.strategy()) {
            case MEAN:
                return Statistics.mean(column.numbers());
            case MEDIAN:
                return Statistics.median(column.numbers());
            default:
                return Statistics.mostFrequent(column.numbers());
        }
    }

    private static String textStatistic(String where, Step.Impute step, WorkColumn column) {
        String strategy = Step.keyword(step.strategy());
        boolean numeric = step.strategy() == Strategy.MEAN || step.strategy() == Strategy.MEDIAN;
        if (column.kind() == ValueKind.MIXED || numeric) {
            throw needsNumbers(where, column, "strategy " + strategy);
        }
        if (step.strategy() == Strategy.CONSTANT) {
            if (step.fillValue() instanceof Number number) {
                throw CapstanException.invalid("%s: fill_value %s is a number but column '%s' holds text",
                        where, number, column.name());
            }
            return step.fillValue() == null ? "missing_value" : (String) step.fillValue();
        }
        requireValues(where, column, (int) Arrays.stream(column.raw()).filter(v -> !Values.isMissing(v)).count());
        return Statistics.mostFrequentText(column.raw());
    }

    private FittedStep standard(String where, Step.Scale step) {
        int n = step.columns().size();
        double[][] params = new double[3][n];
        long[] seen = new long[n];
        for (int j = 0; j < n; j++) {
            WorkColumn column = numbers(where, step.columns().get(j), "scale");
            double[] fitted = Statistics.standard(column.numbers());
            for (int p = 0; p < 3; p++) {
                params[p][j] = fitted[p];
            }
            seen[j] = Statistics.count(column.numbers());
            put(column.withNumbers(NumOp.standard(fitted[0], fitted[2]).applyAll(column.numbers()), ValueKind.FLOAT));
        }
        return new FittedStep.Standard(step, params[0], params[1], params[2], seen);
    }

    private FittedStep minMax(String where, Step.Scale step) {
        int n = step.columns().size();
        double[][] params = new double[4][n];
        for (int j = 0; j < n; j++) {
            WorkColumn column = numbers(where, step.columns().get(j), "scale");
            double[] fitted = Statistics.minMax(column.numbers());
            for (int p = 0; p < 4; p++) {
                params[p][j] = fitted[p];
            }
            put(column.withNumbers(NumOp.minMax(fitted[2], fitted[3]).applyAll(column.numbers()), ValueKind.FLOAT));
        }
        return new FittedStep.MinMax(step, params[0], params[1], params[2], params[3]);
    }

    private FittedStep oneHot(String where, Step.OneHot step) {
        List<Categories> categories = new ArrayList<>();
        for (String name : step.columns()) {
            WorkColumn column = column(where, name);
            if (column.kind() == ValueKind.MIXED) {
                throw CapstanException.invalid("%s: column '%s' holds both text and numbers; one_hot needs one or"
                        + " the other", where, name);
            }
            categories.add(column.hasNumbers()
                    ? Categories.ofNumbers(column.numbers(), column.kind())
                    : Categories.ofText(column.raw()));
            encodedBy.put(name, where);
        }
        return new FittedStep.OneHot(step, categories);
    }

    private WorkColumn numbers(String where, String name, String what) {
        WorkColumn column = column(where, name);
        if (!column.hasNumbers()) {
            throw needsNumbers(where, column, what);
        }
        requireFinite(where, column);
        requireValues(where, column, Statistics.count(column.numbers()));
        return column;
    }

    private WorkColumn column(String where, String name) {
        if (encodedBy.containsKey(name)) {
            throw CapstanException.invalid("%s: column '%s' is one-hot encoded by %s; later steps cannot use it",
                    where, name, encodedBy.get(name));
        }
        return work.computeIfAbsent(name, n -> WorkColumn.of(n, train.column(n)));
    }

    private void put(WorkColumn column) {
        work.put(column.name(), column);
    }

    private static CapstanException needsNumbers(String where, WorkColumn column, String what) {
        String holds = column.kind() == ValueKind.MIXED ? "both text and numbers" : "text";
        return CapstanException.invalid("%s: column '%s' holds %s; %s needs numbers",
                where, column.name(), holds, what);
    }

    private static void requireFinite(String where, WorkColumn column) {
        int row = column.firstInfinite();
        if (row >= 0) {
            throw CapstanException.invalid("%s: column '%s' row %d is infinite (%s); impute and scale need finite"
                    + " numbers", where, column.name(), row, column.numbers()[row]);
        }
    }

    private static void requireValues(String where, WorkColumn column, int count) {
        if (count == 0) {
            throw CapstanException.invalid("%s: column '%s' has no values in the training data to fit on",
                    where, column.name());
        }
    }
}
