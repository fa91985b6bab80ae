package dev.capstan.tracking;

/** A run parameter; once logged its value cannot change. */
public record Param(String key, String value) {
}
