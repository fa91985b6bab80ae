package dev.capstan.ml.preprocess;

import dev.capstan.CapstanException;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One preprocessing step as a {@code train.yaml} {@code preprocessing:} list declares it (its settings, not yet
 * fitted). {@link PreprocessSpec#parse} reads the list; {@link Preprocessor#fit} fits the steps in order.
 */
public sealed interface Step permits Step.Impute, Step.Scale, Step.OneHot, Step.SelectKBest {

    /** The step's key in {@code train.yaml} and in the saved spec: {@code impute}, {@code scale}, ... */
    String name();

    /** The input columns the step transforms (none for {@code select_k_best}, which works on all features). */
    default List<String> columns() {
        return List.of();
    }

    /**
     * Fills missing values as scikit-learn's {@code SimpleImputer}: {@code mean} and {@code median} of the
     * non-missing values (numbers only), {@code most_frequent} (ties: the smallest value), {@code constant}
     * ({@code fillValue}; by default 0 for numbers and {@code "missing_value"} for text).
     *
     * @param fillValue a number or a string for {@code constant}; null otherwise or for the default
     */
    record Impute(List<String> columns, Strategy strategy, Object fillValue) implements Step {

        /** How the fill value is chosen. */
        public enum Strategy { MEAN, MEDIAN, MOST_FREQUENT, CONSTANT }

        public Impute {
            columns = checkColumns(columns);
            Objects.requireNonNull(strategy, "strategy");
            if (fillValue != null && !(fillValue instanceof Number || fillValue instanceof String)) {
                throw CapstanException.invalid("impute: fill_value must be a number or a string, found %s", fillValue);
            }
            if (fillValue != null && strategy != Strategy.CONSTANT) {
                throw CapstanException.invalid("impute: fill_value is only used with strategy constant, not %s",
                        keyword(strategy));
            }
        }

        @Override
        public String name() {
            return "impute";
        }
    }

    /**
     * Scales numbers as scikit-learn's {@code StandardScaler} ({@code (x - mean) / std}, population std; a
     * constant column gets scale 1) or {@code MinMaxScaler} (to [0, 1]; a constant column gets scale 1).
     * Missing values are ignored when fitting and stay missing.
     */
    record Scale(List<String> columns, Method method) implements Step {

        /** The scaler. */
        public enum Method { STANDARD, MINMAX }

        public Scale {
            columns = checkColumns(columns);
            Objects.requireNonNull(method, "method");
        }

        @Override
        public String name() {
            return "scale";
        }
    }

    /**
     * Encodes each column as one 0/1 feature per category seen in training, as scikit-learn's
     * {@code OneHotEncoder(sparse_output=False)}; a missing value is a category of its own ({@code column_nan}).
     * An unknown category gives all zeros ({@code IGNORE}) or an error ({@code ERROR}).
     */
    record OneHot(List<String> columns, HandleUnknown handleUnknown) implements Step {

        /** What a category not seen in training does. */
        public enum HandleUnknown { IGNORE, ERROR }

        public OneHot {
            columns = checkColumns(columns);
            Objects.requireNonNull(handleUnknown, "handleUnknown");
        }

        @Override
        public String name() {
            return "one_hot";
        }
    }

    /**
     * Keeps the {@code k} features with the highest univariate score against the target, as scikit-learn's
     * {@code SelectKBest} (ties: the later feature wins); must be the last step.
     */
    record SelectKBest(int k, Score score) implements Step {

        /** The score function: classification ({@code F_CLASSIF}, {@code CHI2}) or regression. */
        public enum Score { F_CLASSIF, CHI2, F_REGRESSION }

        public SelectKBest {
            if (k < 1) {
                throw CapstanException.invalid("select_k_best: k must be at least 1, found %d", k);
            }
            Objects.requireNonNull(score, "score");
        }

        @Override
        public String name() {
            return "select_k_best";
        }
    }

    /** An enum constant as written in YAML and JSON: lower case ({@code most_frequent}). */
    static String keyword(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> checkColumns(List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            throw CapstanException.invalid("A preprocessing step needs at least one column");
        }
        List<String> copy = List.copyOf(columns);
        if (new HashSet<>(copy).size() != copy.size()) {
            throw CapstanException.invalid("A preprocessing step names a column twice: %s", copy);
        }
        return copy;
    }
}
