package dev.capstan.ml.preprocess.internal;

import dev.capstan.CapstanException;
import dev.capstan.ml.preprocess.Frame;
import dev.capstan.ml.preprocess.Step;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fitted pipeline compiled for transforming: one {@link ColumnPlan} per input column. Features come in input
 * column order, a one-hot column expanded in place into its categories; {@code select_k_best} then keeps the
 * chosen ones in that order. Immutable and thread-safe.
 */
public final class Plan {

    private final ColumnPlan[] columns;
    private final List<String> allNames;
    private final List<String> names;

    private Plan(ColumnPlan[] columns, List<String> allNames, List<String> names) {
        this.columns = columns;
        this.allNames = allNames;
        this.names = names;
    }

    /** @throws CapstanException when the steps do not fit together (see the messages) */
    public static Plan compile(FittedPipeline pipeline) {
        Map<String, ColumnPlan.Builder> builders = new LinkedHashMap<>();
        pipeline.inputColumns().forEach(c -> builders.put(c, new ColumnPlan.Builder(c)));
        FittedStep.Select select = null;
        for (int i = 0; i < pipeline.steps().size(); i++) {
            FittedStep step = pipeline.steps().get(i);
            String where = "steps[" + i + "] (" + step.step().name() + ")";
            if (select != null) {
                throw CapstanException.invalid("%s: select_k_best must be the last step", where);
            }
            if (step instanceof FittedStep.Select s) {
                select = s;
            } else {
                add(step, builders, where);
            }
        }
        return build(builders.values(), select);
    }

    /** The output feature names, in output order. */
    public List<String> featureNames() {
        return names;
    }

    /** The feature names before {@code select_k_best}. */
    public List<String> allFeatureNames() {
        return allNames;
    }

    /** Row-major {@code rows x features} float32 features; missing stays NaN where no step filled it. */
    public float[] transform(Frame frame) {
        Object[] values = columnsOf(frame);
        int width = names.size();
        float[] out = new float[frame.rows() * width];
        for (int r = 0; r < frame.rows(); r++) {
            for (int c = 0; c < columns.length; c++) {
                write(c, values[c], r, out, r * width);
            }
        }
        return out;
    }

    /** One row's features; the row maps input column names to values (other keys are ignored). */
    public float[] transformRow(Map<String, ?> row) {
        float[] out = new float[names.size()];
        for (ColumnPlan plan : columns) {
            Object value = row.get(plan.column);
            if (value == null && !row.containsKey(plan.column)) {
                throw CapstanException.invalid("The row has no column '%s'", plan.column);
            }
            plan.write(value, out, 0, -1);
        }
        return out;
    }

    /** Transforms every row without keeping the result: fails as {@link #transform} would. */
    public void validate(Frame frame) {
        Object[] values = columnsOf(frame);
        float[] scratch = new float[names.size()];
        for (int r = 0; r < frame.rows(); r++) {
            for (int c = 0; c < columns.length; c++) {
                write(c, values[c], r, scratch, 0);
            }
        }
    }

    /** The features in float64, column by column: what {@code select_k_best} scores. Only before selection. */
    public double[][] allFeatures(Frame frame) {
        if (names.size() != allNames.size()) {
            throw new IllegalStateException("allFeatures is for a plan without select_k_best");
        }
        Object[] values = columnsOf(frame);
        double[][] features = new double[allNames.size()][frame.rows()];
        for (int r = 0; r < frame.rows(); r++) {
            for (int c = 0; c < columns.length; c++) {
                if (values[c] instanceof double[] numbers) {
                    columns[c].write(numbers[r], features, r);
                } else {
                    columns[c].write(((Object[]) values[c])[r], features, r);
                }
            }
        }
        return features;
    }

    private static void add(FittedStep step, Map<String, ColumnPlan.Builder> builders, String where) {
        List<String> stepColumns = step.columns();
        for (int j = 0; j < stepColumns.size(); j++) {
            ColumnPlan.Builder b = builders.get(stepColumns.get(j));
            if (b == null) {
                throw CapstanException.invalid("%s: column '%s' is not an input column", where, stepColumns.get(j));
            }
            if (step instanceof FittedStep.Impute s) {
                b.fill(s.statistics().get(j), where);
            } else if (step instanceof FittedStep.Standard s) {
                b.op(s.op(j), where);
            } else if (step instanceof FittedStep.MinMax s) {
                b.op(s.op(j), where);
            } else {
                FittedStep.OneHot s = (FittedStep.OneHot) step;
                b.encode(s.categories().get(j), s.step().handleUnknown() == Step.OneHot.HandleUnknown.ERROR, where);
            }
        }
    }

    private static Plan build(Iterable<ColumnPlan.Builder> builders, FittedStep.Select select) {
        List<ColumnPlan> plans = new ArrayList<>();
        List<String> allNames = new ArrayList<>();
        for (ColumnPlan.Builder b : builders) {
            ColumnPlan plan = b.build(allNames.size());
            plans.add(plan);
            allNames.addAll(plan.featureNames());
        }
        checkDistinct(allNames);
        if (select == null) {
            return new Plan(plans.toArray(ColumnPlan[]::new), List.copyOf(allNames), List.copyOf(allNames));
        }
        int[] mapping = selection(select, allNames.size());
        ColumnPlan[] selected = plans.stream().map(p -> p.remap(mapping)).toArray(ColumnPlan[]::new);
        List<String> names = Arrays.stream(select.selected()).mapToObj(allNames::get).toList();
        return new Plan(selected, List.copyOf(allNames), names);
    }

    /** For each feature before selection, its output position or -1. */
    private static int[] selection(FittedStep.Select select, int features) {
        int[] selected = select.selected();
        if (select.scores().length != features || selected.length != select.step().k()) {
            throw CapstanException.invalid("select_k_best: expected %d scores and %d selected features,"
                    + " found %d and %d", features, select.step().k(), select.scores().length, selected.length);
        }
        int[] mapping = new int[features];
        Arrays.fill(mapping, -1);
        for (int i = 0; i < selected.length; i++) {
            if (selected[i] < 0 || selected[i] >= features || i > 0 && selected[i] <= selected[i - 1]) {
                throw CapstanException.invalid("select_k_best: selected features must be ascending indices below %d,"
                        + " found %s", features, Arrays.toString(selected));
            }
            mapping[selected[i]] = i;
        }
        return mapping;
    }

    private static void checkDistinct(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw CapstanException.invalid("Feature name '%s' is produced twice (an input column and a one-hot"
                        + " category, or two categories); rename the column", name);
            }
        }
    }

    /** Writes row {@code r} of column {@code c}, a {@code double[]} read without boxing. */
    private void write(int c, Object column, int r, float[] out, int base) {
        if (column instanceof double[] numbers) {
            columns[c].write(numbers[r], out, base, r);
        } else {
            columns[c].write(((Object[]) column)[r], out, base, r);
        }
    }

    /** Each input column's array, {@code double[]} or {@code Object[]}, in plan order. */
    private Object[] columnsOf(Frame frame) {
        Object[] values = new Object[columns.length];
        for (int c = 0; c < columns.length; c++) {
            values[c] = frame.column(columns[c].column);
        }
        return values;
    }
}
