package dev.capstan.ml.mlmodel;

import java.util.List;

/** The inference parameters of a signature ({@code mlflow.types.ParamSchema}); names are unique. */
public record ParamSchema(List<ParamSpec> params) {

    public ParamSchema {
        params = List.copyOf(params);
    }
}
