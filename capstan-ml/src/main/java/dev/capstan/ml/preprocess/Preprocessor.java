package dev.capstan.ml.preprocess;

import dev.capstan.CapstanException;
import dev.capstan.ml.preprocess.internal.FittedPipeline;
import dev.capstan.ml.preprocess.internal.Fitter;
import dev.capstan.ml.preprocess.internal.Plan;
import dev.capstan.ml.preprocess.internal.SpecReader;
import dev.capstan.ml.preprocess.internal.SpecWriter;

import java.util.List;
import java.util.Map;

/**
 * Preprocessing fitted on a training split and saved with the model, so that serving transforms exactly as
 * training did. Each step is fitted on the output of the steps before it and gives the results of its
 * scikit-learn counterpart ({@code SimpleImputer}, {@code StandardScaler}, {@code MinMaxScaler},
 * {@code OneHotEncoder}, {@code SelectKBest}) to the last bit of float64, then float32.
 *
 * <p>Output: the numeric feature matrix as XGBoost takes it, float32, row-major. Features come in input column
 * order (every column of the training frame is an input), each one-hot column expanded in place into one feature
 * per category ({@code column_category}, categories sorted); {@code select_k_best} keeps the chosen features in
 * that order. Columns no step names pass through as numbers (booleans 1/0, decimal text parsed). A missing value
 * stays NaN unless an imputer filled it. This equals scikit-learn's
 * {@code Pipeline([ColumnTransformer([(c, make_pipeline(*steps of c), [c]) for c in columns],
 * verbose_feature_names_out=False), SelectKBest(...)])} with a {@code "passthrough"} for a column no step names.
 *
 * <p>Immutable and thread-safe.
 */
public final class Preprocessor {

    private final FittedPipeline pipeline;
    private final Plan plan;

    private Preprocessor(FittedPipeline pipeline) {
        this.pipeline = pipeline;
        this.plan = Plan.compile(pipeline);
    }

    /**
     * Fits the steps in order on the training frame, whose columns are the inputs (leave out the target).
     *
     * @param target one value per row (class indices for classification); needed only by {@code select_k_best},
     *               may be null otherwise
     * @throws CapstanException when a step names a missing column, the frame is empty, {@code k} exceeds the
     *                          number of features, a numeric step meets a text column, ...
     */
    public static Preprocessor fit(List<Step> steps, Frame train, double[] target) {
        return new Preprocessor(Fitter.fit(steps, train, target));
    }

    /** The features of every row, row-major ({@code rows x featureNames().size()}); needs every input column. */
    public float[] transform(Frame frame) {
        return plan.transform(frame);
    }

    /**
     * The features of one row, for serving; allocates nothing but the returned array.
     *
     * @param row input column name to value; every input column must be present (null for missing)
     */
    public float[] transformRow(Map<String, ?> row) {
        return plan.transformRow(row);
    }

    /** The output feature names, in output order (e.g. XGBoost's {@code feature_names}). */
    public List<String> featureNames() {
        return plan.featureNames();
    }

    /** The input columns, in training order. */
    public List<String> inputColumns() {
        return pipeline.inputColumns();
    }

    /** The versioned {@code capstan-preprocessing} spec; the same preprocessor always gives the same bytes. */
    public String toJson() {
        return SpecWriter.write(pipeline, featureNames());
    }

    /** @throws CapstanException for an unknown format or version, or a malformed spec */
    public static Preprocessor fromJson(String json) {
        SpecReader.Spec spec = SpecReader.read(json);
        Preprocessor preprocessor;
        try {
            preprocessor = new Preprocessor(spec.pipeline());
        } catch (CapstanException e) {
            throw CapstanException.invalid("Malformed preprocessing spec: %s", e.getMessage());
        }
        if (!preprocessor.featureNames().equals(spec.featureNames())) {
            throw CapstanException.invalid("Malformed preprocessing spec: feature_names %s do not match the steps,"
                    + " which give %s", spec.featureNames(), preprocessor.featureNames());
        }
        return preprocessor;
    }
}
