package dev.capstan.tracking;

/** Whether an experiment or run is live or soft-deleted (restorable). Serialised in lower case, as MLflow does. */
public final class LifecycleStage {
    public static final String ACTIVE = "active";
    public static final String DELETED = "deleted";

    private LifecycleStage() {
    }
}
