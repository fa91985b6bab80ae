package dev.capstan.data.internal;

import dev.capstan.CapstanException;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The INI dialect of DVC's config files, as Python's configobj reads and writes it: {@code [section]} headers
 * (quoted when the name has quotes: {@code ['remote "storage"']}), {@code key = value} lines (read indented or
 * not; written indented by four spaces, as configobj writes a config built from a dict, which is how DVC saves it),
 * {@code #} comments, values quoted when they hold a {@code #}, a comma, a quote or outer white space. Sections and
 * keys keep their order and, as DVC reads them, are lower-cased. Not thread-safe.
 */
public final class IniFile {

    private static final Pattern SECTION = Pattern.compile("^\\s*\\[\\s*(.*?)\\s*]\\s*(#.*)?$");
    private static final Pattern ENTRY = Pattern.compile("^\\s*([^=\\s][^=]*?)\\s*=\\s*(.*?)\\s*$");

    private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

    /** Parses {@code text}; {@code source} names the file in errors, which give its line. */
    public static IniFile parse(String text, String source) {
        IniFile ini = new IniFile();
        Map<String, String> current = null;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.strip().startsWith("#") || line.strip().startsWith(";")) {
                continue;
            }
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                current = ini.sections.computeIfAbsent(unquote(section.group(1), source, i + 1).toLowerCase(Locale.ROOT),
                        k -> new LinkedHashMap<>());
                continue;
            }
            Matcher entry = ENTRY.matcher(line);
            if (!entry.matches()) {
                throw CapstanException.invalid("%s, line %d: expected '[section]' or 'key = value', found '%s'",
                        source, i + 1, line.strip());
            }
            if (current == null) {
                throw CapstanException.invalid("%s, line %d: expected a '[section]' before '%s'", source, i + 1,
                        line.strip());
            }
            current.put(entry.group(1).toLowerCase(Locale.ROOT), value(entry.group(2), source, i + 1));
        }
        return ini;
    }

    /** The sections in file order; the maps are live and ordered. */
    public Map<String, Map<String, String>> sections() {
        return sections;
    }

    /** The file text as configobj writes it; empty sections are left out, as DVC drops them. */
    public String write() {
        StringBuilder out = new StringBuilder();
        sections.forEach((name, entries) -> {
            if (entries.isEmpty()) {
                return;
            }
            out.append('[').append(name.contains("\"") ? "'" + name + "'" : name).append("]\n");
            entries.forEach((key, value) -> out.append("    ").append(key).append(" = ").append(quote(value))
                    .append('\n'));
        });
        return out.toString();
    }

    private static String value(String raw, String source, int line) {
        if (raw.startsWith("\"") || raw.startsWith("'")) {
            char q = raw.charAt(0);
            int end = raw.indexOf(q, 1);
            String rest = end < 0 ? "" : raw.substring(end + 1).strip();
            if (end < 0 || !(rest.isEmpty() || rest.startsWith("#"))) {
                throw CapstanException.invalid("%s, line %d: unbalanced quotes in value %s", source, line, raw);
            }
            return raw.substring(1, end);
        }
        int comment = raw.indexOf('#');
        return (comment < 0 ? raw : raw.substring(0, comment)).strip();
    }

    private static String unquote(String name, String source, int line) {
        if (name.length() >= 2 && (name.charAt(0) == '\'' || name.charAt(0) == '"')) {
            if (name.charAt(name.length() - 1) != name.charAt(0)) {
                throw CapstanException.invalid("%s, line %d: unbalanced quotes in section [%s]", source, line, name);
            }
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    private static String quote(String value) {
        boolean plain = !value.isEmpty() && value.equals(value.strip()) && value.chars().noneMatch(c -> "#,\"'".indexOf(c) >= 0);
        if (plain) {
            return value;
        }
        if (value.indexOf('"') >= 0 && value.indexOf('\'') >= 0) {
            throw CapstanException.invalid("The value %s holds both quote characters, which DVC's config cannot store",
                    value);
        }
        return value.indexOf('"') < 0 ? '"' + value + '"' : "'" + value + "'";
    }
}
