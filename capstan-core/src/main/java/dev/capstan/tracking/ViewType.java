package dev.capstan.tracking;

/** Which lifecycle stages a search returns. */
public enum ViewType {
    ACTIVE_ONLY, DELETED_ONLY, ALL;

    /** Accepts the name or MLflow's proto number (1, 2, 3). */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static ViewType of(String value) {
        return WireEnums.parse(ViewType.class, "view_type", value);
    }

    /** The stages this view includes. */
    public java.util.List<String> stages() {
        return switch (this) {
            case ACTIVE_ONLY -> java.util.List.of(LifecycleStage.ACTIVE);
            case DELETED_ONLY -> java.util.List.of(LifecycleStage.DELETED);
            case ALL -> java.util.List.of(LifecycleStage.ACTIVE, LifecycleStage.DELETED);
        };
    }
}
