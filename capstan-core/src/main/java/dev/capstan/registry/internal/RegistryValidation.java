package dev.capstan.registry.internal;

import dev.capstan.CapstanException;

import java.util.Locale;
import java.util.regex.Pattern;

/** Names, versions and aliases as MLflow's registry accepts them. */
final class RegistryValidation {

    private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]{1,255}$");
    private static final Pattern RESERVED_ALIAS = Pattern.compile("^(latest|v\\d+)$");

    private RegistryValidation() {
    }

    /** A model name: non-empty, and free of '/' and control characters so that models:/ URIs stay unambiguous. */
    static String name(String name) {
        if (name == null || name.isBlank()) {
            throw CapstanException.invalid("Missing value for required parameter 'name': a registered model name");
        }
        if (name.length() > 256 || name.contains("/") || name.chars().anyMatch(Character::isISOControl)) {
            throw CapstanException.invalid("Invalid registered model name '%s': at most 256 characters, "
                    + "without '/' or control characters", name);
        }
        return name;
    }

    static long version(String version) {
        try {
            long v = Long.parseLong(version == null ? "" : version.trim());
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw CapstanException.invalid("Parameter 'version' must be a positive integer, got '%s'.", version);
    }

    static String alias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw CapstanException.invalid("Invalid alias name '%s': 1 to 255 letters, digits, '_' or '-'", alias);
        }
        if (RESERVED_ALIAS.matcher(alias.toLowerCase(Locale.ROOT)).matches()) {
            throw CapstanException.invalid("Invalid alias name '%s': 'latest' and 'v<number>' are reserved", alias);
        }
        return alias;
    }
}
