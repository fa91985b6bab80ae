package dev.capstan.registry;

/** An alias of a registered model and the version it points at. */
public record AliasRef(String alias, String version) {
}
