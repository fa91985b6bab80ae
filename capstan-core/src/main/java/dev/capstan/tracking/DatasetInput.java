package dev.capstan.tracking;

import java.util.List;

/** A dataset used by a run, with tags for that use (for example {@code mlflow.data.context=training}). */
public record DatasetInput(List<Tag> tags, Dataset dataset) {
}
