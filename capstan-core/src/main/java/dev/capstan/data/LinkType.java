package dev.capstan.data;

import dev.capstan.CapstanException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How workspace files are linked to cache objects: DVC's {@code cache.type} values. */
public enum LinkType {
    REFLINK, HARDLINK, SYMLINK, COPY;

    /** DVC's default for a local cache: a reflink where the file system can, else a copy. */
    public static final List<LinkType> DEFAULT = List.of(REFLINK, COPY);

    /** Parses {@code cache.type}: one type or a comma-separated list tried in order; null means the default. */
    public static List<LinkType> parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        List<LinkType> types = new ArrayList<>();
        for (String name : value.replace("[", "").replace("]", "").split(",")) {
            String n = name.strip().replace("'", "").replace("\"", "");
            try {
                types.add(LinkType.valueOf(n.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw CapstanException.invalid("Unknown cache.type '%s' in .dvc/config; expected reflink, hardlink, "
                        + "symlink or copy", n);
            }
        }
        return List.copyOf(types);
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
