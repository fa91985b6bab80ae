package dev.capstan.validate.internal;

import java.nio.charset.StandardCharsets;

/**
 * Decimal text read as a double quickly and exactly: the common plain decimals by Clinger's fast path, the rest by the
 * JDK, and anything else (words, codes, {@code NaN}, hex) as NaN without an exception. Reading numbers is most of the
 * work of validating or training on a CSV, so this sits on the hot path of both.
 */
public final class Decimals {

    /** Powers of ten that doubles hold exactly. */
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private Decimals() {
    }

    /**
     * A decimal number, or NaN. Plain decimals of up to 15 digits ({@code -12.50}) are exact in a double, as is
     * their power of ten, so one division gives the correctly rounded value (Clinger's fast path); anything else
     * that looks like a number goes to the JDK.
     */
    public static double parse(String text) {
        int n = text.length();
        if (n == 0 || n > 64) {
            return Double.NaN;
        }
        int i = text.charAt(0) == '-' || text.charAt(0) == '+' ? 1 : 0;
        if (i == n || !(text.charAt(i) >= '0' && text.charAt(i) <= '9' || text.charAt(i) == '.')) {
            return Double.NaN;   // words, e-mails, codes: no number starts so
        }
        long mantissa = 0;
        int digits = 0;
        int decimals = -1;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                decimals += decimals >= 0 ? 1 : 0;
            } else if (c == '.' && decimals < 0) {
                decimals = 0;
            } else {
                return slowParse(text);
            }
        }
        if (digits == 0 || digits > 15) {
            return digits == 0 ? Double.NaN : slowParse(text);
        }
        double value = decimals <= 0 ? mantissa : mantissa / POWERS[decimals];
        return text.charAt(0) == '-' ? -value : value;
    }

    /**
     * The bytes from {@code from} to {@code to} (exclusive) read as {@link #parse(String)} reads their text, without
     * making a {@code String} of the plain decimals; for reading numbers straight from a file.
     */
    public static double parse(byte[] bytes, int from, int to) {
        int n = to - from;
        if (n == 0 || n > 64) {
            return Double.NaN;
        }
        boolean negative = bytes[from] == '-';
        int i = negative || bytes[from] == '+' ? from + 1 : from;
        if (i == to || !(bytes[i] >= '0' && bytes[i] <= '9' || bytes[i] == '.')) {
            return Double.NaN;
        }
        long mantissa = 0;
        int digits = 0;
        int decimals = -1;
        for (; i < to; i++) {
            byte c = bytes[i];
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                decimals += decimals >= 0 ? 1 : 0;
            } else if (c == '.' && decimals < 0) {
                decimals = 0;
            } else {
                return parse(text(bytes, from, to));
            }
        }
        if (digits == 0 || digits > 15) {
            return digits == 0 ? Double.NaN : parse(text(bytes, from, to));
        }
        double value = decimals <= 0 ? mantissa : mantissa / POWERS[decimals];
        return negative ? -value : value;
    }

    /** The bytes as Latin-1 text: a byte outside ASCII becomes a character that no number holds. */
    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Exponents and long mantissas: refuses anything but digits, sign, point and exponent before asking the JDK. */
    private static double slowParse(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E')) {
                return Double.NaN;
            }
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
