package dev.capstan.ml.train;

import dev.capstan.CapstanException;

import java.util.List;

/**
 * Training rows as XGBoost takes them: float32 features row-major ({@code rows × featureNames.size()}, NaN for
 * missing) and one label per row (a class index for classification).
 *
 * @param features     the feature values, row after row
 * @param labels       the labels, one per row
 * @param featureNames the features' names, in column order
 */
public record LabeledMatrix(float[] features, float[] labels, List<String> featureNames) {

    public LabeledMatrix {
        featureNames = List.copyOf(featureNames);
        if (featureNames.isEmpty() || features.length != (long) labels.length * featureNames.size()) {
            throw CapstanException.invalid("%d feature values do not make %d rows of %d features", features.length,
                    labels.length, featureNames.size());
        }
    }

    public int rows() {
        return labels.length;
    }

    public int columns() {
        return featureNames.size();
    }
}
