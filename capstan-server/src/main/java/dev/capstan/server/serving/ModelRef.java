package dev.capstan.server.serving;

/**
 * A model version to serve, as a URI resolved it.
 *
 * @param uri      what was asked for: {@code models:/churn@champion}, {@code models:/churn/3}, or a directory
 * @param name     the registered model's name (a directory's name for a path)
 * @param version  the version the URI names now ({@code 1} for a path)
 * @param floating whether the URI names an alias, a stage or "latest", so that it may move to another version
 */
public record ModelRef(String uri, String name, String version, boolean floating) {
}
