package dev.capstan.tracking;

import java.util.List;

/** The inputs of a run. */
public record RunInputs(List<DatasetInput> datasetInputs) {
}
