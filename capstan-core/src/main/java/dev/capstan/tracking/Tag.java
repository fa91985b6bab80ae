package dev.capstan.tracking;

/** A key-value tag on an experiment or a run. */
public record Tag(String key, String value) {
}
