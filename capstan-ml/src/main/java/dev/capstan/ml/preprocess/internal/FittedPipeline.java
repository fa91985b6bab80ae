package dev.capstan.ml.preprocess.internal;

import java.util.List;

/** What a fitted preprocessing saves: the input columns, in training order, and the fitted steps. */
public record FittedPipeline(List<String> inputColumns, List<FittedStep> steps) {

    public FittedPipeline {
        inputColumns = List.copyOf(inputColumns);
        steps = List.copyOf(steps);
    }
}
