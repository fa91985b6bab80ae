package dev.capstan.ml.mlmodel;

import dev.capstan.CapstanException;
import dev.capstan.ml.mlmodel.internal.FrozenMaps;
import dev.capstan.ml.mlmodel.internal.MLmodelYaml;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The {@code MLmodel} file of an MLflow model directory: which flavors can load the model, its signature and
 * where it came from. Read and written by {@link MLmodels}.
 *
 * <p>Flavor configurations, {@code metadata} and top-level keys this record does not name (e.g. MLflow 2.17's
 * {@code resources}) are kept verbatim in {@code flavors}, {@code metadata} and {@code extra}, so that a file
 * read and written again loses nothing.
 *
 * @param artifactPath           run-relative path the model was logged under, or {@code null}
 * @param flavors                flavor name to its configuration, e.g. {@code python_function} and {@code xgboost}
 * @param runId                  run that logged the model, or {@code null}
 * @param modelUuid              unique id of the model (MLflow 1.x files may lack it), or {@code null}
 * @param utcTimeCreated         creation time as MLflow writes it ({@code 2024-11-05 10:20:30.123456}), or
 *                               {@code null}
 * @param modelSizeBytes         size of the model directory, or {@code null}
 * @param mlflowVersion          MLflow version that wrote the file, or {@code null} (older files)
 * @param signature              input / output / params schema, or {@code null}
 * @param savedInputExampleInfo  where the input example is stored, or {@code null}
 * @param metadata               user metadata, or {@code null}
 * @param databricksRuntime      Databricks runtime version, or {@code null}
 * @param extra                  any other top-level keys, verbatim
 */
public record MLmodel(String artifactPath,
                      Map<String, Map<String, Object>> flavors,
                      String runId,
                      String modelUuid,
                      String utcTimeCreated,
                      Long modelSizeBytes,
                      String mlflowVersion,
                      ModelSignature signature,
                      SavedInputExampleInfo savedInputExampleInfo,
                      Map<String, Object> metadata,
                      String databricksRuntime,
                      Map<String, Object> extra) {

    /** The flavor every MLflow model should have: generic Python loading. */
    public static final String PYFUNC_FLAVOR = "python_function";

    public MLmodel {
        flavors = FrozenMaps.copy(Objects.requireNonNull(flavors, "flavors"));
        metadata = metadata == null ? null : FrozenMaps.copy(metadata);
        extra = extra == null ? Map.of() : FrozenMaps.copy(extra);
        extra.keySet().stream().filter(MLmodelYaml.KNOWN_KEYS::contains).findFirst().ifPresent(key -> {
            throw CapstanException.invalid("MLmodel key '%s' belongs in its own field, not in extra", key);
        });
    }

    /** The configuration of one flavor, or {@code null} when the model does not have it. */
    public Map<String, Object> flavor(String name) {
        return flavors.get(name);
    }

    /** The major version of {@link #mlflowVersion}, empty when it is absent. */
    public OptionalInt mlflowMajorVersion() {
        if (mlflowVersion == null) {
            return OptionalInt.empty();
        }
        int end = 0;
        while (end < mlflowVersion.length() && Character.isDigit(mlflowVersion.charAt(end))) {
            end++;
        }
        return end == 0 ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(mlflowVersion.substring(0, end)));
    }
}
