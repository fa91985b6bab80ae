package dev.capstan.data.internal;

import java.util.regex.Pattern;

/**
 * YAML scalars as ruamel.yaml (DVC's writer, YAML 1.2) prints strings in block context: plain when that reads back
 * as the same string, single-quoted (with {@code ''} for a quote) when it would read as a number, boolean, null or
 * date or starts or ends ambiguously, double-quoted with escapes when it holds control characters. Checked against
 * ruamel.yaml 0.17 in {@code YamlScalarsTest}.
 */
public final class YamlScalars {

    private static final Pattern NOT_A_STRING = Pattern.compile(String.join("|",
            "true|True|TRUE|false|False|FALSE",
            "null|Null|NULL|~",
            "[-+]?[0-9][0-9_]*",
            "0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+",
            "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?",
            "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)",
            "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*"));
    private static final String INDICATORS = "#,[]{}&*!|>'\"%@`";

    private YamlScalars() {
    }

    public static String scalar(String value) {
        if (value.isEmpty()) {
            return "''";
        }
        if (value.chars().anyMatch(YamlScalars::needsEscape)) {
            return doubleQuoted(value);
        }
        if (!needsQuotes(value)) {
            return value;
        }
        // ruamel.yaml prefers double quotes over doubling a single quote
        return value.indexOf('\'') >= 0 ? doubleQuoted(value) : "'" + value + "'";
    }

    private static boolean needsQuotes(String v) {
        char first = v.charAt(0);
        boolean dangerousStart = INDICATORS.indexOf(first) >= 0
                || ("-?:".indexOf(first) >= 0 && (v.length() == 1 || v.charAt(1) == ' '));
        return dangerousStart || NOT_A_STRING.matcher(v).matches() || v.contains(": ") || v.contains(" #")
                || v.endsWith(":") || Character.isWhitespace(first) || Character.isWhitespace(v.charAt(v.length() - 1));
    }

    private static boolean needsEscape(int c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0xfeff || c == 0x2028 || c == 0x2029;
    }

    private static String doubleQuoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0 -> out.append("\\0");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case 11 -> out.append("\\v");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case 27 -> out.append("\\e");
                default -> {
                    if (needsEscape(c)) {
                        out.append(c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
