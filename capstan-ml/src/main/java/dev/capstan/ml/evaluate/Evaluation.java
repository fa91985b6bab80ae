package dev.capstan.ml.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ClassificationMetrics#evaluate} finds for a classifier on labelled rows.
 *
 * @param labels           the class names, by class index
 * @param metrics          metric values by their {@code mlflow.evaluate} name; a metric that is undefined for the
 *                         rows is absent
 * @param confusionMatrix  counts by actual class (row) and predicted class (column), as scikit-learn lays it out;
 *                         not copied
 * @param roc              the ROC curve of class 1; null for more than two classes
 * @param precisionRecall  the precision-recall curve of class 1; null for more than two classes
 * @param calibration      the calibration curve of class 1; null for more than two classes
 */
public record Evaluation(List<String> labels, Map<String, Double> metrics, int[][] confusionMatrix, Curve roc,
                         Curve precisionRecall, Calibration calibration) {

    public Evaluation {
        labels = List.copyOf(labels);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
