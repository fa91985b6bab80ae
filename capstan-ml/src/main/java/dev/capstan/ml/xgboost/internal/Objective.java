package dev.capstan.ml.xgboost.internal;

import java.util.Arrays;
import java.util.Optional;

/**
 * The XGBoost objectives the flat-array evaluator supports: how the stored {@code base_score} becomes the margin
 * offset, and how margins become predictions. Arithmetic is float32, as in XGBoost's CPU predictor.
 */
public enum Objective {
    BINARY_LOGISTIC("binary:logistic"),
    REG_LOGISTIC("reg:logistic"),
    REG_SQUAREDERROR("reg:squarederror"),
    COUNT_POISSON("count:poisson"),
    MULTI_SOFTPROB("multi:softprob");

    private final String xgbName;

    Objective(String xgbName) {
        this.xgbName = xgbName;
    }

    /** XGBoost's name of the objective, e.g. {@code binary:logistic}. */
    public String xgbName() {
        return xgbName;
    }

    /** The supported objective of this name, empty for any other. */
    public static Optional<Objective> of(String xgbName) {
        return Arrays.stream(values()).filter(o -> o.xgbName.equals(xgbName)).findFirst();
    }

    /** XGBoost's {@code ProbToMargin}: the stored base_score is in prediction space. */
    float baseMargin(float baseScore) {
        return switch (this) {
            case BINARY_LOGISTIC, REG_LOGISTIC -> (float) -Math.log(1.0f / baseScore - 1.0f);
            case COUNT_POISSON -> (float) Math.log(baseScore);
            case REG_SQUAREDERROR, MULTI_SOFTPROB -> baseScore;
        };
    }

    /** Turns the {@code groups} margins at {@code offset} into predictions, in place. */
    void transform(float[] margins, int offset, int groups) {
        switch (this) {
            case BINARY_LOGISTIC, REG_LOGISTIC -> margins[offset] = sigmoid(margins[offset]);
            case COUNT_POISSON -> margins[offset] = (float) Math.exp(margins[offset]);
            case MULTI_SOFTPROB -> softmax(margins, offset, groups);
            case REG_SQUAREDERROR -> { }
        }
    }

    private static float sigmoid(float margin) {
        return 1.0f / (1.0f + (float) Math.exp(-margin));
    }

    private static void softmax(float[] margins, int offset, int groups) {
        float max = margins[offset];
        for (int g = 1; g < groups; g++) {
            max = Math.max(max, margins[offset + g]);
        }
        float sum = 0f;
        for (int g = 0; g < groups; g++) {
            margins[offset + g] = (float) Math.exp(margins[offset + g] - max);
            sum += margins[offset + g];
        }
        for (int g = 0; g < groups; g++) {
            margins[offset + g] /= sum;
        }
    }
}
