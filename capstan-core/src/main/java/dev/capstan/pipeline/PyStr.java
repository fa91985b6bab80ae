package dev.capstan.pipeline;

import dev.capstan.CapstanException;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * DVC's {@code to_str}: how an interpolated value reads inside a string. Booleans are {@code true}/{@code false},
 * null is {@code None}, floats read as Python prints them ({@code 0.1}, {@code 1e-05}, {@code 3.0}), and a mapping
 * (allowed in {@code cmd} only) becomes command-line options: {@code --key value} for each flattened key
 * ({@code --a.b}), a string value shell-quoted, {@code --flag} for true and nothing for false, a list as
 * {@code --key v1 v2} (DVC's default {@code parsing} settings: {@code bool: store_true}, {@code list: nargs}).
 */
final class PyStr {

    private static final Pattern SHELL_UNSAFE = Pattern.compile("[^\\w@%+=:,./-]");

    private PyStr() {
    }

    /** DVC's text of an interpolated value; a list cannot be interpolated into a string. */
    static String of(Object value) {
        if (value instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (value instanceof Map<?, ?> map) {
            return options(map);
        }
        if (value instanceof List) {
            throw CapstanException.invalid("Cannot interpolate data of type 'list'");
        }
        return python(value);
    }

    /** Python's {@code str()} of a scalar: {@code True}, {@code None}, {@code 1e-05}. */
    static String python(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return value instanceof Double d ? pythonFloat(d) : value.toString();
    }

    /** Python's {@code shlex.quote}. */
    static String shellQuote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        return SHELL_UNSAFE.matcher(s).find() ? "'" + s.replace("'", "'\"'\"'") + "'" : s;
    }

    private static String options(Map<?, ?> map) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten(map, "", flat);
        StringBuilder out = new StringBuilder();
        flat.forEach((key, value) -> out.append(option(key, value)));
        return out.toString().stripTrailing();
    }

    private static String option(String key, Object value) {
        if (value instanceof Boolean b) {
            return b ? "--" + key + " " : "";
        }
        if (value instanceof Map) {
            return ""; // an empty mapping
        }
        if (!(value instanceof List<?> list)) {
            return "--" + key + " " + argument(key, value) + " ";
        }
        StringBuilder out = new StringBuilder();
        for (Object item : list) {
            out.append(out.length() == 0 ? "--" + key + " " : "").append(argument(key, item)).append(' ');
        }
        return out.toString();
    }

    private static String argument(String key, Object value) {
        if (value instanceof List || value instanceof Map) {
            throw CapstanException.invalid("Cannot interpolate nested iterable in '%s'", key);
        }
        return value instanceof String s ? shellQuote(s) : python(value);
    }

    private static void flatten(Map<?, ?> map, String prefix, Map<String, Object> flat) {
        map.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> nested && !nested.isEmpty()) {
                flatten(nested, key + ".", flat);
            } else {
                flat.put(key, v);
            }
        });
    }

    /** Python's {@code repr} of a float: the shortest digits that read back as the same double. */
    static String pythonFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortest(d);
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return String.format("%s%se%s%02d", sign, mantissa, exponent < 0 ? "-" : "+", Math.abs(exponent));
        }
        String plain = shortest.abs().toPlainString();
        return sign + (shortest.scale() <= 0 ? plain + ".0" : plain);
    }

    private static BigDecimal shortest(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; ; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                return rounded.stripTrailingZeros();
            }
        }
    }
}
