package dev.capstan.ml.mlmodel;

import dev.capstan.CapstanException;

/**
 * What a model takes and returns ({@code mlflow.models.ModelSignature}). Each part may be {@code null}, but not
 * all three.
 *
 * @param inputs  input schema, or {@code null}
 * @param outputs output schema, or {@code null}
 * @param params  inference parameters, or {@code null}
 */
public record ModelSignature(Schema inputs, Schema outputs, ParamSchema params) {

    public ModelSignature {
        if (inputs == null && outputs == null && params == null) {
            throw CapstanException.invalid("A signature needs inputs, outputs or params, found none");
        }
    }
}
