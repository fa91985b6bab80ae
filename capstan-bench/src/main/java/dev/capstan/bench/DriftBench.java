package dev.capstan.bench;

import dev.capstan.monitor.ColumnDrift;
import dev.capstan.monitor.DataDrift;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Drift over 1,000,000 reference and 1,000,000 current rows of 30 numeric features (benchmarks/monitoring/drift.sh):
 * Evidently's default test for that size (the normed Wasserstein distance), the columns on every core. Prints the wall
 * time of each of RUNS runs after one warm-up run, and which features drifted (the first SHIFTED are shifted by 0.2
 * standard deviations). Usage: DriftBench [ROWS] [FEATURES] [SHIFTED] [RUNS].
 */
public final class DriftBench {

    private DriftBench() {
    }

    public static void main(String[] args) {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int shifted = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        double[][] reference = new double[features][];
        double[][] current = new double[features][];
        SplittableRandom random = new SplittableRandom(42);
        for (int f = 0; f < features; f++) {
            double shift = f < shifted ? 0.2 : 0;
            reference[f] = random.doubles(rows).map(u -> gaussian(random)).toArray();
            current[f] = random.doubles(rows).map(u -> gaussian(random) + shift).toArray();
        }
        DataDrift drift = null;
        for (int run = 0; run <= runs; run++) {
            long start = System.nanoTime();
            drift = DataDrift.of(IntStream.range(0, features).parallel().mapToObj(f -> ColumnDrift.ofNumbers(
                    "f" + f, reference[f], current[f], null, null)).toList(), DataDrift.DEFAULT_SHARE);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s: %d x %d rows, %d features: %.3f s%n", run == 0 ? "warm-up" : "run " + run,
                    rows, rows, features, seconds);
        }
        List<String> drifted = drift.columns().stream().filter(ColumnDrift::drifted).map(ColumnDrift::column).toList();
        System.out.printf(Locale.ROOT, "%s (%s); drifted: %s%n", drift.summary(),
                drift.columns().get(0).method().wireName(), drifted);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
