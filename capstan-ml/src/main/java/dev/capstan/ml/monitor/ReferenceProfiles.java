package dev.capstan.ml.monitor;

import dev.capstan.CapstanException;
import dev.capstan.ml.ColumnarBatch;
import dev.capstan.ml.mlmodel.ColSpec;
import dev.capstan.ml.pipeline.PipelineFlavor;
import dev.capstan.ml.predict.ModelScorer;
import dev.capstan.ml.predict.PredictionTables;
import dev.capstan.ml.predict.Predictions;
import dev.capstan.monitor.ReferenceProfile;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a model package's {@link ReferenceProfile} from its training rows: statistics of every input column, and
 * a sample of the rows with the package's own predictions for them, scored as serving scores them.
 */
public final class ReferenceProfiles {

    private ReferenceProfiles() {
    }

    /**
     * Profiles {@code columns} (by name: {@code double[]} or {@code Object[]}, {@code rows} long) for the package in
     * {@code modelDir} and writes the profile into it.
     *
     * @param metrics the version's baseline metrics (its test scores), may be empty
     */
    public static ReferenceProfile write(Path modelDir, Map<String, Object> columns, int rows,
                                         Map<String, Double> metrics, int sampleSize) {
        try (ModelScorer scorer = ModelScorer.open(modelDir)) {
            Map<String, Object> inputs = inputs(scorer, columns);
            int[] sample = ReferenceProfile.sampleRows(rows, sampleSize);
            Map<String, ReferenceProfile.Column> inputProfiles = new LinkedHashMap<>();
            Map<String, Object> sampled = new LinkedHashMap<>();
            inputs.forEach((name, values) -> {
                inputProfiles.put(name, ReferenceProfile.Column.of(values, sample));
                sampled.put(name, pick(values, sample));
            });
            Predictions predictions = scorer.score(new ColumnarBatch(sampled, sample.length));
            int[] all = ReferenceProfile.sampleRows(sample.length, sample.length);
            Map<String, ReferenceProfile.Column> outputs = new LinkedHashMap<>();
            PredictionTables.columns(predictions).forEach((name, values) ->
                    outputs.put(name, ReferenceProfile.Column.of(values, all)));
            ReferenceProfile profile = new ReferenceProfile(rows, inputProfiles, outputs, classes(scorer), metrics);
            profile.write(modelDir);
            return profile;
        }
    }

    /** The model's input columns (all of them when it has no signature), each required. */
    private static Map<String, Object> inputs(ModelScorer scorer, Map<String, Object> columns) {
        List<String> names = scorer.inputColumns().isEmpty() ? List.copyOf(columns.keySet())
                : scorer.inputColumns().stream().map(ColSpec::name).toList();
        Map<String, Object> inputs = new LinkedHashMap<>();
        for (String name : names) {
            if (!columns.containsKey(name)) {
                throw CapstanException.invalid("The model's input column '%s' is not in the data (its columns: %s)",
                        name, String.join(", ", columns.keySet()));
            }
            inputs.put(name, columns.get(name));
        }
        return inputs;
    }

    private static List<String> classes(ModelScorer scorer) {
        Map<String, Object> flavor = scorer.model().flavor(PipelineFlavor.NAME);
        Object classes = flavor == null ? null : flavor.get("classes");
        return classes instanceof List<?> list ? list.stream().map(ReferenceProfile::category).toList() : List.of();
    }

    private static Object pick(Object values, int[] rows) {
        if (values instanceof double[] numbers) {
            double[] picked = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                picked[i] = numbers[rows[i]];
            }
            return picked;
        }
        Object[] objects = (Object[]) values;
        Object[] picked = new Object[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = objects[rows[i]];
        }
        return picked;
    }
}
