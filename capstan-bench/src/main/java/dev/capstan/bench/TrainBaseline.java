package dev.capstan.bench;

import dev.capstan.ml.train.ModelType;
import dev.capstan.ml.train.Splits;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baselines of the training benchmark: xgboost4j's own {@code XGBoost.train} on the rows and parameters that
 * {@code capstan-bench/train/train.yaml} trains with (the same seeded split, the same watches), timed two ways:
 * from the data in memory to the trained booster (training alone), and from the CSV file to the trained booster
 * with XGBoost's native CSV reader ({@code DMatrix("FILE?format=csv&label_column=30")} on a copy without the
 * header, then {@code slice} for the split), as a user of xgboost4j alone would load it.
 * Usage: run.sh TrainBaseline --csv=FILE [--rounds=200]
 */
public final class TrainBaseline {

    private TrainBaseline() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.args(args, "csv", "rounds");
        int rounds = BenchSupport.intArg(options, "rounds", 200);
        float[][] table = read(Path.of(options.get("csv")));
        int columns = table[0].length - 1;
        int[] classes = new int[table.length];
        for (int r = 0; r < table.length; r++) {
            classes[r] = (int) table[r][columns];
        }
        Splits.Split split = Splits.fractions(table.length, classes, 0.2, 0.0, 42);
        DMatrix train = matrix(table, split.train(), columns);
        DMatrix validation = matrix(table, split.validation(), columns);
        Map<String, Object> params = new LinkedHashMap<>(ModelType.XGBOOST_CLASSIFIER.params(2,
                Map.of("max_depth", 6, "eta", 0.1, "nthread", 2), 42));
        params.put("eval_metric", "logloss");
        Map<String, DMatrix> watches = new LinkedHashMap<>();
        watches.put("train", train);
        watches.put("validation", validation);
        long start = System.nanoTime();
        Booster booster = XGBoost.train(train, params, rounds, watches, null, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        booster.dispose();
        double withLoading = fromFile(Path.of(options.get("csv")), columns, split, params, rounds);
        System.out.printf("xgboost4j XGBoost.train, %d rows x %d features, %d rounds: %.2f s; "
                + "with XGBoost's own CSV loading: %.2f s%n", split.train().length, columns, rounds, seconds,
                withLoading);
    }

    /** Loads the CSV (without its header) with XGBoost's reader, slices the split, trains: the seconds taken. */
    private static double fromFile(Path csv, int columns, Splits.Split split, Map<String, Object> params,
                                   int rounds) throws Exception {
        Path headless = Files.createTempFile("train-baseline-", ".csv");
        try (BufferedReader reader = Files.newBufferedReader(csv);
             var writer = Files.newBufferedWriter(headless)) {
            reader.readLine();
            reader.transferTo(writer);
        }
        try {
            long start = System.nanoTime();
            DMatrix all = new DMatrix(headless + "?format=csv&label_column=" + columns);
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("train", all.slice(split.train()));
            watches.put("validation", all.slice(split.validation()));
            Booster booster = XGBoost.train(watches.get("train"), params, rounds, watches, null, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            booster.dispose();
            return seconds;
        } finally {
            Files.delete(headless);
        }
    }

    private static float[][] read(Path csv) throws Exception {
        try (BufferedReader reader = Files.newBufferedReader(csv)) {
            reader.readLine();
            List<float[]> rows = new java.util.ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] fields = line.split(",");
                float[] row = new float[fields.length];
                for (int i = 0; i < fields.length; i++) {
                    row[i] = Float.parseFloat(fields[i]);
                }
                rows.add(row);
            }
            return rows.toArray(float[][]::new);
        }
    }

    private static DMatrix matrix(float[][] table, int[] rows, int columns) throws Exception {
        float[] features = new float[rows.length * columns];
        float[] labels = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(table[rows[i]], 0, features, i * columns, columns);
            labels[i] = table[rows[i]][columns];
        }
        DMatrix matrix = new DMatrix(features, rows.length, columns, Float.NaN);
        matrix.setLabel(labels);
        return matrix;
    }
}
