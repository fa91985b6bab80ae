package dev.capstan.tracking;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A run's status, with MLflow's names; on the wire also MLflow's proto numbers 1 to 5. */
public enum RunStatus {
    RUNNING, SCHEDULED, FINISHED, FAILED, KILLED;

    @JsonCreator
    public static RunStatus of(String value) {
        return WireEnums.parse(RunStatus.class, "status", value);
    }
}
