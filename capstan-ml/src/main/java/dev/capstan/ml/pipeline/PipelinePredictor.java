package dev.capstan.ml.pipeline;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.ml.predict.Predictor;
import dev.capstan.ml.preprocess.Frame;
import dev.capstan.ml.preprocess.Preprocessor;
import dev.capstan.ml.xgboost.XgboostPredictor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code capstan_pipeline} model: the batch's input columns through the fitted preprocessing, then XGBoost. A
 * classifier's {@code label} is the class as it was in the training data ({@code yes}, {@code 1}), beside the
 * {@code probabilities} of each class in the order of the flavor's {@code classes}. Thread-safe.
 */
public final class PipelinePredictor implements Predictor {

    private final Preprocessor preprocessor;
    private final XgboostPredictor model;
    private final List<?> classes;

    PipelinePredictor(Preprocessor preprocessor, XgboostPredictor model, List<?> classes) {
        this.preprocessor = preprocessor;
        this.model = model;
        this.classes = List.copyOf(classes);
    }

    @Override
    public Predictions predict(ColumnarBatch batch) {
        return predict(frame(batch));
    }

    /** Predicts the rows of a frame holding the input columns. */
    public Predictions predict(Frame frame) {
        Predictions scores = model.predictFeatures(preprocessor.transform(frame), frame.rows());
        if (classes.isEmpty()) {
            return scores;
        }
        Map<String, Object> outputs = new LinkedHashMap<>(scores.outputs());
        long[] indices = (long[]) outputs.get(Predictions.LABEL);
        Object[] labels = new Object[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = classes.get((int) indices[i]);
        }
        outputs.put(Predictions.LABEL, labels);
        return new Predictions(scores.rowCount(), outputs);
    }

    /** The input columns, in training order. */
    public List<String> inputColumns() {
        return preprocessor.inputColumns();
    }

    private Frame frame(ColumnarBatch batch) {
        List<Object> columns = new ArrayList<>();
        for (String name : preprocessor.inputColumns()) {
            Object values = batch.column(name);
            if (values == null) {
                throw CapstanException.invalid("The model needs input column '%s'; the request has %s", name,
                        batch.columns().keySet());
            }
            columns.add(column(values, batch.rowCount()));
        }
        return new Frame(preprocessor.inputColumns(), columns, batch.rowCount());
    }

    /** A column array as the preprocessing reads it: doubles and floats as a {@code double[]}, others boxed. */
    private static Object column(Object values, int rows) {
        if (values instanceof double[] numbers) {
            return numbers;
        }
        if (values instanceof float[] floats) {
            double[] numbers = new double[rows];
            for (int i = 0; i < rows; i++) {
                numbers[i] = floats[i];
            }
            return numbers;
        }
        return boxed(values, rows);
    }

    /** Boxed values, NaN as missing, ints as longs. */
    private static Object[] boxed(Object values, int rows) {
        Object[] boxed = new Object[rows];
        for (int i = 0; i < rows; i++) {
            Object value = Array.get(values, i);
            if (value instanceof Double d && d.isNaN() || value instanceof Float f && f.isNaN()) {
                value = null;
            } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                value = ((Number) value).longValue();
            } else if (value instanceof Float f) {
                value = f.doubleValue();
            }
            boxed[i] = value;
        }
        return boxed;
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "PipelinePredictor[" + preprocessor.featureNames().size() + " features, " + model + "]";
    }
}
