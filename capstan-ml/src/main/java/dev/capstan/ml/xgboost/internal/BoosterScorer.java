package dev.capstan.ml.xgboost.internal;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Scores with xgboost4j: the fallback for every model the flat-array evaluator does not support, and the loader
 * that turns UBJ and legacy binary models into JSON. Thread-safe: XGBoost's predict is.
 */
public final class BoosterScorer implements Scorer {

    private final Booster booster;
    private final String[] featureNames;
    private final String[] featureTypes;
    private final int numFeatures;
    private final int treeLimit;

    /**
     * @param treeLimit as xgboost4j's {@code predict(..., treeLimit)}: rounds times num_parallel_tree, 0 for all
     */
    public BoosterScorer(Booster booster, ModelJson.Header header, int treeLimit) {
        this.booster = booster;
        this.featureNames = header.featureNames().isEmpty() ? null : header.featureNames().toArray(String[]::new);
        this.featureTypes = header.featureTypes().isEmpty() ? null : header.featureTypes().toArray(String[]::new);
        this.numFeatures = header.numFeatures();
        this.treeLimit = treeLimit;
    }

    /** Loads a model file of any format XGBoost reads; errors name the file. */
    public static Booster load(Path file) {
        try {
            return XGBoost.loadModel(file.toString());
        } catch (XGBoostError | RuntimeException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "XGBoost cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a model from its bytes (JSON or UBJ); errors name {@code file}, where the bytes came from. */
    public static Booster load(byte[] model, Path file) {
        try {
            return XGBoost.loadModel(model);
        } catch (XGBoostError | IOException | RuntimeException e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "XGBoost cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    /** The model as XGBoost's JSON, for {@link ModelJson}. */
    public static byte[] toJson(Booster booster, Path file) {
        try {
            return booster.toByteArray("json");
        } catch (XGBoostError e) {
            throw new CapstanException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "XGBoost cannot convert " + file + " to JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public Scores score(float[] features, int rows) {
        if (rows == 0) {
            return new Scores(new float[0], 1);
        }
        DMatrix matrix = null;
        try {
            matrix = new DMatrix(features, rows, numFeatures, Float.NaN);
            describe(matrix);
            return flatten(booster.predict(matrix, false, treeLimit), rows);
        } catch (XGBoostError e) {
            throw new IllegalStateException("xgboost4j failed to predict: " + e.getMessage(), e);
        } finally {
            if (matrix != null) {
                matrix.dispose();
            }
        }
    }

    /** Feature names and types (categorical ones above all) as the model has them. */
    private void describe(DMatrix matrix) throws XGBoostError {
        if (featureNames != null) {
            matrix.setFeatureNames(featureNames);
        }
        if (featureTypes != null) {
            matrix.setFeatureTypes(featureTypes);
        }
    }

    private static Scores flatten(float[][] predictions, int rows) {
        int width = rows == 0 ? 1 : predictions[0].length;
        float[] out = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(predictions[r], 0, out, r * width, width);
        }
        return new Scores(out, width);
    }

    @Override
    public boolean fast() {
        return false;
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
