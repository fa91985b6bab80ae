package dev.capstan.tracking.internal;

import dev.capstan.CapstanException;
import dev.capstan.tracking.Dataset;
import dev.capstan.tracking.DatasetInput;
import dev.capstan.tracking.RunInfo;
import dev.capstan.tracking.Tag;
import org.jdbi.v3.core.Handle;

import java.util.List;
import java.util.UUID;

/** Records the datasets a run used; a dataset is stored once per experiment, name and digest. */
final class DatasetInputs {

    private DatasetInputs() {
    }

    static void validate(DatasetInput input) {
        Dataset d = input.dataset();
        if (d == null) {
            throw CapstanException.invalid("Missing value for required parameter 'dataset' in a dataset input");
        }
        TrackingValidation.required(d.name(), "dataset.name");
        TrackingValidation.required(d.digest(), "dataset.digest");
        TrackingValidation.required(d.sourceType(), "dataset.source_type");
        TrackingValidation.required(d.source(), "dataset.source");
        if (input.tags() != null) {
            input.tags().forEach(t -> TrackingValidation.required(t.key(), "input tag key"));
        }
    }

    static void write(Handle h, RunInfo run, List<DatasetInput> inputs) {
        long experimentId = Long.parseLong(run.experimentId());
        for (DatasetInput input : inputs) {
            String datasetId = datasetId(h, experimentId, input.dataset());
            h.createUpdate("INSERT INTO run_inputs (run_uuid, dataset_uuid) VALUES (:run, :dataset) ON CONFLICT DO NOTHING")
                    .bind("run", run.runId()).bind("dataset", datasetId).execute();
            for (Tag tag : input.tags() == null ? List.<Tag>of() : input.tags()) {
                h.createUpdate("INSERT INTO run_input_tags (run_uuid, dataset_uuid, key, value) VALUES (:run, :dataset, "
                                + ":key, :value) ON CONFLICT (run_uuid, dataset_uuid, key) DO UPDATE SET value = excluded.value")
                        .bind("run", run.runId()).bind("dataset", datasetId).bind("key", tag.key())
                        .bind("value", tag.value() == null ? "" : tag.value()).execute();
            }
        }
    }

    private static String datasetId(Handle h, long experimentId, Dataset d) {
        return h.createQuery("SELECT dataset_uuid FROM datasets WHERE experiment_id = :e AND name = :name AND digest = :digest")
                .bind("e", experimentId).bind("name", d.name()).bind("digest", d.digest())
                .mapTo(String.class).findOne().orElseGet(() -> {
                    String id = UUID.randomUUID().toString().replace("-", "");
                    h.createUpdate("INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type, source, "
                                    + "schema, profile) VALUES (:id, :e, :name, :digest, :type, :source, :schema, :profile)")
                            .bind("id", id).bind("e", experimentId).bind("name", d.name()).bind("digest", d.digest())
                            .bind("type", d.sourceType()).bind("source", d.source()).bind("schema", d.schema())
                            .bind("profile", d.profile()).execute();
                    return id;
                });
    }
}
