package dev.capstan.ml.mlmodel;

import dev.capstan.ml.mlmodel.internal.FrozenMaps;

import java.util.Map;
import java.util.Objects;

/**
 * Where and how a model's input example is stored (MLmodel key {@code saved_input_example_info}), e.g.
 * {@code {artifact_path: input_example.json, type: dataframe, pandas_orient: split}}.
 *
 * @param artifactPath     example file, relative to the model directory
 * @param type             {@code dataframe}, {@code ndarray}, {@code json_object}, {@code sparse_matrix_csc} or
 *                         {@code sparse_matrix_csr}
 * @param pandasOrient     {@code split} or {@code records} for data frames, else {@code null}
 * @param servingInputPath the serving-payload example file (MLflow 2.16+), or {@code null}
 * @param other            any further keys, kept verbatim
 */
public record SavedInputExampleInfo(String artifactPath, String type, String pandasOrient, String servingInputPath,
                                    Map<String, Object> other) {

    public SavedInputExampleInfo {
        Objects.requireNonNull(artifactPath, "artifactPath");
        Objects.requireNonNull(type, "type");
        other = other == null ? Map.of() : FrozenMaps.copy(other);
    }
}
