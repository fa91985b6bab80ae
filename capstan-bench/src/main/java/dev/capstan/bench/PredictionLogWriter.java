package dev.capstan.bench;

import dev.capstan.monitor.LoggedValues;
import dev.capstan.monitor.PredictionLog;
import dev.capstan.monitor.internal.SegmentWriter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Diagnostic for BENCHMARKS.md §10: the prediction log writer's cost per row in one thread, no HTTP, for segments
 * like the serving benchmark's (30 numeric inputs, a label and two probabilities, one row per request) with every
 * request equal (as wrk sends them) and with every value different (as real traffic is).
 *
 * <p>Arguments (all optional): {@code --rows=40000 --segments=30}.
 */
public final class PredictionLogWriter {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchSupport.args(args, "rows", "segments");
        int rows = BenchSupport.intArg(options, "rows", 40_000);
        int segments = BenchSupport.intArg(options, "segments", 30);
        BenchSupport.printEnvironment("PredictionLogWriter");
        Path dir = Files.createTempDirectory("capstan-bench-log");
        try {
            for (boolean varied : new boolean[] {false, true}) {
                List<PredictionLog.Entry> entries = entries(rows, varied);
                for (int round = 0; round < 3; round++) {
                    long start = System.nanoTime();
                    for (int s = 0; s < segments; s++) {
                        SegmentWriter.write(entries, dir.resolve("s" + s + ".parquet"));
                    }
                    double perRow = (System.nanoTime() - start) / 1e3 / rows / segments;
                    System.out.printf(Locale.ROOT, "%s requests, round %d: %.3f us per row, %d bytes per segment%n",
                            varied ? "varied" : "equal", round, perRow, Files.size(dir.resolve("s0.parquet")));
                }
            }
        } finally {
            BenchSupport.deleteRecursively(dir);
        }
    }

    private static List<PredictionLog.Entry> entries(int rows, boolean varied) {
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (int f = 0; f < 30; f++) {
            inputs.put("f" + f, new double[] {0.25});
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("label", new long[] {1});
        outputs.put("probabilities_0", new double[] {0.1});
        outputs.put("probabilities_1", new double[] {0.9});
        LoggedValues.Layout layout = LoggedValues.Layout.of(inputs, outputs);
        List<PredictionLog.Entry> entries = new ArrayList<>();
        long time = 1_700_000_000_000L;
        for (int r = 0; r < rows; r++) {
            if (varied) {
                for (Object column : inputs.values()) {
                    ((double[]) column)[0] = Math.round(random.nextGaussian() * 1e4) / 1e4;
                }
                double p = random.nextDouble();
                outputs.put("label", new long[] {p > 0.5 ? 1 : 0});
                outputs.put("probabilities_0", new double[] {1 - p});
                outputs.put("probabilities_1", new double[] {p});
            }
            entries.add(new PredictionLog.Entry(java.util.UUID.randomUUID().toString(), time + r / 40, "m", "1",
                    "primary", 0.2 + random.nextDouble(), LoggedValues.of(layout, 1, inputs, outputs)));
        }
        return entries;
    }
}
