package dev.capstan.ml.train;

import dev.capstan.CapstanException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Boosting rounds with xgboost4j, one at a time, so that every round's evaluation metrics are kept (the metric
 * history a run logs) and early stopping follows XGBoost's rule: stop when the last metric on the validation set has
 * not improved for the given number of rounds, and record {@code best_iteration} and {@code best_score} on the model
 * as XGBoost does. With the same data, parameters and {@code seed}, the model's bytes are the same.
 */
public final class BoosterTraining {

    private BoosterTraining() {
    }

    /**
     * What a training produced.
     *
     * @param model         the booster in XGBoost's UBJSON format
     * @param rounds        the rounds trained
     * @param bestIteration with early stopping, the best round (0-based) by the validation set's last metric, which
     *                      predictions stop at; otherwise the last round
     * @param history       each evaluation metric by round, keyed as XGBoost names them ({@code validation-logloss})
     */
    public record Result(byte[] model, int rounds, int bestIteration, Map<String, List<Double>> history) {
    }

    /**
     * Trains {@code rounds} rounds (fewer with early stopping) on {@code train}, evaluating on {@code train} and, when
     * given, {@code validation}.
     *
     * @param earlyStopping rounds without improvement after which to stop; 0 for none (it needs a validation set)
     */
    public static Result train(LabeledMatrix train, LabeledMatrix validation, Map<String, Object> params,
                               int rounds, int earlyStopping) {
        if (earlyStopping > 0 && validation == null) {
            throw CapstanException.invalid("early stopping needs a validation split");
        }
        DMatrix dtrain = null;
        DMatrix dvalidation = null;
        Booster booster = null;
        // XGBoost builds a matrix on one thread: the validation matrix is built beside the training one.
        CompletableFuture<DMatrix> pendingValidation = validation == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> uncheckedMatrix(validation));
        try {
            try {
                dtrain = matrix(train);
            } finally {
                dvalidation = validationMatrix(pendingValidation);
            }
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("train", dtrain);
            if (dvalidation != null) {
                watches.put("validation", dvalidation);
            }
            booster = XGBoost.train(dtrain, scalars(params), 0, watches, null, null);
            setLists(booster, params);
            return rounds(booster, dtrain, watches, rounds, earlyStopping, maximizes(params));
        } catch (XGBoostError e) {
            throw CapstanException.invalid("XGBoost refused the training: %s", reason(e));
        } finally {
            dispose(booster, dtrain, dvalidation);
        }
    }

    private static Result rounds(Booster booster, DMatrix dtrain, Map<String, DMatrix> watches, int rounds,
                                 int earlyStopping, boolean maximize) throws XGBoostError {
        DMatrix[] sets = watches.values().toArray(DMatrix[]::new);
        String[] names = watches.keySet().toArray(String[]::new);
        Map<String, List<Double>> history = new LinkedHashMap<>();
        EarlyStop stop = new EarlyStop(earlyStopping, maximize);
        int round = 0;
        while (round < rounds && !stop.done(round)) {
            booster.update(dtrain, round);
            String line = booster.evalSet(sets, names, round);
            Map<String, Double> metrics = parse(line);
            metrics.forEach((name, value) -> history.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
            stop.observe(round, lastValidationMetric(metrics));
            round++;
        }
        int best = stop.enabled() && stop.best() >= 0 ? stop.best() : round - 1;
        if (stop.enabled()) {
            booster.setAttr("best_iteration", Integer.toString(best));
            booster.setAttr("best_score", Double.toString(stop.bestScore()));
        }
        return new Result(booster.toByteArray("ubj"), round, best, history);
    }

    /** The parameters with a single value; xgboost4j would pass a list as its text. */
    private static Map<String, Object> scalars(Map<String, Object> params) {
        Map<String, Object> scalars = new LinkedHashMap<>(params);
        scalars.values().removeIf(v -> v instanceof List);
        return scalars;
    }

    /** A parameter with several values ({@code eval_metric: [auc, logloss]}) is set once per value, in order. */
    private static void setLists(Booster booster, Map<String, Object> params) throws XGBoostError {
        for (Map.Entry<String, Object> e : params.entrySet()) {
            if (e.getValue() instanceof List<?> values) {
                for (Object value : values) {
                    booster.setParam(e.getKey(), value);
                }
            }
        }
    }

    /** XGBoost's message without its time stamp, source location and native stack trace. */
    private static String reason(XGBoostError e) {
        String message = String.valueOf(e.getMessage());
        int trace = message.indexOf("\nStack trace");
        String first = trace < 0 ? message : message.substring(0, trace);
        return first.replaceFirst("^\\[[0-9:]+\\] [^ ]+: ", "").trim();
    }

    /** {@code [3]\ttrain-logloss:0.51\tvalidation-logloss:0.55} as {@code {train-logloss: 0.51, ...}}. */
    static Map<String, Double> parse(String line) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (String field : line.split("\t")) {
            int colon = field.lastIndexOf(':');
            if (colon > 0 && !field.startsWith("[")) {
                metrics.put(field.substring(0, colon), Double.parseDouble(field.substring(colon + 1)));
            }
        }
        return metrics;
    }

    /** XGBoost's rule: the last metric of the last evaluation set decides. */
    private static Double lastValidationMetric(Map<String, Double> metrics) {
        Double last = null;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            if (e.getKey().startsWith("validation-")) {
                last = e.getValue();
            }
        }
        return last;
    }

    /** Metrics where more is better, as XGBoost's early stopping knows them. */
    private static boolean maximizes(Map<String, Object> params) {
        Object metric = params.get("eval_metric");
        String last = metric instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(list.size() - 1))
                : String.valueOf(metric);
        return last.startsWith("auc") || last.startsWith("aucpr") || last.startsWith("map") || last.startsWith("ndcg");
    }

    /** The validation matrix once built; an XGBoost refusal as it was thrown. */
    private static DMatrix validationMatrix(CompletableFuture<DMatrix> pending) throws XGBoostError {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedXGBoostError refused) {
                throw refused.getCause();
            }
            throw e;
        }
    }

    private static DMatrix uncheckedMatrix(LabeledMatrix data) {
        try {
            return matrix(data);
        } catch (XGBoostError e) {
            throw new UncheckedXGBoostError(e);
        }
    }

    /** An XGBoost refusal carried out of another thread. */
    private static final class UncheckedXGBoostError extends RuntimeException {
        UncheckedXGBoostError(XGBoostError cause) {
            super(cause);
        }

        @Override
        public synchronized XGBoostError getCause() {
            return (XGBoostError) super.getCause();
        }
    }

    private static DMatrix matrix(LabeledMatrix data) throws XGBoostError {
        DMatrix matrix = new DMatrix(data.features(), data.rows(), data.columns(), Float.NaN);
        matrix.setLabel(data.labels());
        matrix.setFeatureNames(data.featureNames().toArray(String[]::new));
        return matrix;
    }

    private static void dispose(Booster booster, DMatrix... matrices) {
        if (booster != null) {
            booster.dispose();
        }
        for (DMatrix matrix : matrices) {
            if (matrix != null) {
                matrix.dispose();
            }
        }
    }

    /** Early stopping's state: the best round so far and how long ago it was. */
    private static final class EarlyStop {
        private final int patience;
        private final boolean maximize;
        private int best = -1;
        private double bestScore;

        EarlyStop(int patience, boolean maximize) {
            this.patience = patience;
            this.maximize = maximize;
        }

        boolean enabled() {
            return patience > 0;
        }

        void observe(int round, Double score) {
            if (score != null && (best < 0 || (maximize ? score > bestScore : score < bestScore))) {
                best = round;
                bestScore = score;
            }
        }

        boolean done(int round) {
            return enabled() && best >= 0 && round - best > patience;
        }

        int best() {
            return best;
        }

        double bestScore() {
            return bestScore;
        }
    }
}
