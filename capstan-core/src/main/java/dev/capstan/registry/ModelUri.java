package dev.capstan.registry;

import dev.capstan.CapstanException;

/**
 * A {@code models:/} URI: {@code models:/name/3} (a version), {@code models:/name@champion} (an alias),
 * {@code models:/name/Production} (the newest version in a stage) or {@code models:/name/latest}.
 */
public record ModelUri(String name, String version, String alias, Stage stage) {

    public static ModelUri parse(String uri) {
        if (uri == null || !uri.startsWith("models:/") || uri.length() == "models:/".length()) {
            throw CapstanException.invalid("Invalid model URI '%s': expected models:/<name>/<version|stage|latest> "
                    + "or models:/<name>@<alias>", uri);
        }
        String rest = uri.substring("models:/".length()).replaceFirst("/+$", "");
        int at = rest.lastIndexOf('@');
        if (at > 0 && !rest.substring(at).contains("/")) {
            return new ModelUri(rest.substring(0, at), null, rest.substring(at + 1), null);
        }
        int slash = rest.lastIndexOf('/');
        if (slash <= 0 || slash == rest.length() - 1) {
            throw CapstanException.invalid("Invalid model URI '%s': expected models:/<name>/<version|stage|latest> "
                    + "or models:/<name>@<alias>", uri);
        }
        String name = rest.substring(0, slash);
        String suffix = rest.substring(slash + 1);
        if (suffix.matches("\\d+")) {
            return new ModelUri(name, suffix, null, null);
        }
        return suffix.equalsIgnoreCase("latest")
                ? new ModelUri(name, null, null, null)
                : new ModelUri(name, null, null, Stage.of(suffix));
    }
}
