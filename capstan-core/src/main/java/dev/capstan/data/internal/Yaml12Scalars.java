package dev.capstan.data.internal;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The type of a plain (unquoted) YAML scalar under the YAML 1.2 core schema, with ruamel.yaml's patterns as DVC
 * reads {@code dvc.yaml} and {@code params.yaml}: {@code yes}, {@code on} and {@code 2024-01-01} stay strings
 * (SnakeYAML, behind Jackson, reads YAML 1.1), while {@code 0o17} and {@code 1_000} are integers.
 */
final class Yaml12Scalars {

    private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
    private static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
    private static final Pattern FLOAT = Pattern.compile(String.join("|",
            "[-+]?[0-9][0-9_]*\\.[0-9_]*([eE][-+]?[0-9]+)?",
            "[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+",
            "[-+]?\\.[0-9_]+([eE][-+][0-9]+)?",
            "[-+]?\\.(inf|Inf|INF)",
            "\\.(nan|NaN|NAN)"));
    /** Like ruamel.yaml, only a scalar that starts with a sign or digit can be an integer. */
    private static final Pattern INT = Pattern.compile("(?=[-+0-9])[-+]?(0b[01_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)");

    private Yaml12Scalars() {
    }

    /** The value of a plain scalar: null, a Boolean, an Integer, Long or BigInteger, a Double, or the text. */
    static Object plain(String text) {
        if (NULL.matcher(text).matches()) {
            return null;
        }
        if (BOOL.matcher(text).matches()) {
            return text.charAt(0) == 't' || text.charAt(0) == 'T';
        }
        if (FLOAT.matcher(text).matches()) {
            return floating(text.replace("_", "").toLowerCase(Locale.ROOT), text);
        }
        if (INT.matcher(text).matches()) {
            return integer(text.replace("_", ""), text);
        }
        return text;
    }

    private static Object floating(String number, String text) {
        switch (number.replaceFirst("^[-+]", "")) {
            case ".inf" -> {
                return number.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            case ".nan" -> {
                return Double.NaN;
            }
            case "." -> {
                return text; // "._": ruamel.yaml fails on it; a string is the forgiving reading
            }
            default -> {
                return Double.valueOf(number);
            }
        }
    }

    /** Binary, octal ({@code 0o}), hexadecimal or decimal (a leading zero is not octal in YAML 1.2). */
    private static Object integer(String digits, String text) {
        boolean negative = digits.startsWith("-");
        String unsigned = digits.replaceFirst("^[-+]", "");
        int radix = unsigned.startsWith("0b") ? 2 : unsigned.startsWith("0o") ? 8 : unsigned.startsWith("0x") ? 16 : 10;
        String body = radix == 10 ? unsigned : unsigned.substring(2);
        if (body.isEmpty()) {
            return text; // "_" or "0x_": ruamel.yaml fails on these; a string is the forgiving reading
        }
        BigInteger value = new BigInteger(body, radix);
        return narrow(negative ? value.negate() : value);
    }

    /** Integer or Long where the value fits, as Jackson reads JSON numbers. */
    private static Number narrow(BigInteger value) {
        if (value.bitLength() < Integer.SIZE) {
            return value.intValue();
        }
        return value.bitLength() < Long.SIZE ? value.longValue() : value;
    }
}
