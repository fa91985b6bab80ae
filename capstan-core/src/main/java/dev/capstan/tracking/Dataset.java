package dev.capstan.tracking;

/** A dataset a run used, identified within its experiment by name and digest (MLflow's {@code Dataset}). */
public record Dataset(String name, String digest, String sourceType, String source, String schema, String profile) {
}
