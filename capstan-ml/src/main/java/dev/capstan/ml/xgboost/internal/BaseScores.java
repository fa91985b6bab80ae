package dev.capstan.ml.xgboost.internal;

import dev.capstan.CapstanException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XGBoost 3.1 and later write {@code learner_model_param.base_score} as a list ({@code "[5E-1]"}, or one value per
 * class); the bundled xgboost4j 3.0.4 reads it as one number and, given a list, silently takes 0.5 instead. These
 * helpers keep such files right: they find the list in a UBJ file (which only xgboost4j reads, so its JSON export
 * would carry the wrong value), put it back in JSON text, and give xgboost4j the one number it can read.
 */
public final class BaseScores {

    private static final byte[] KEY = "base_score".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern JSON_VALUE = Pattern.compile("\"base_score\"\\s*:\\s*\"([^\"]*)\"");

    private BaseScores() {
    }

    /** Whether a base_score text is a list, as XGBoost 3.1 and later write it. */
    public static boolean isList(String baseScore) {
        return baseScore.trim().startsWith("[");
    }

    /** The base_score text of a UBJ model file when it is a list; {@code null} when it is a number or absent. */
    public static String listInUbj(byte[] ubj) {
        for (int at = indexOf(ubj, KEY, 0); at >= 0; at = indexOf(ubj, KEY, at + 1)) {
            String value = ubjString(ubj, at + KEY.length);
            if (value != null) {
                return isList(value) ? value : null;
            }
        }
        return null;
    }

    /** The JSON model text with its base_score string replaced by {@code baseScore}. */
    public static byte[] replace(byte[] json, String baseScore, String source) {
        String text = new String(json, StandardCharsets.UTF_8);
        Matcher m = JSON_VALUE.matcher(text);
        if (!m.find()) {
            throw CapstanException.invalid("%s is not a valid XGBoost JSON model: 'base_score' is missing", source);
        }
        String replaced = text.substring(0, m.start(1)) + baseScore + text.substring(m.end(1));
        return replaced.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The JSON model as xgboost4j 3.0.4 reads it right: a base_score list of one value, or of equal values, becomes
     * that number. A list of different values (one intercept per class) cannot be given to it and fails.
     */
    public static byte[] forXgboost4j(byte[] json, String baseScore, String source, String why) {
        if (!isList(baseScore)) {
            return json;
        }
        String inner = baseScore.trim().substring(1, baseScore.trim().length() - 1);
        String[] values = inner.split(",");
        for (String value : values) {
            if (number(value, baseScore, source) != number(values[0], baseScore, source)) {
                throw CapstanException.invalid("%s: base_score %s has one value per output group, as XGBoost 3.1 and "
                        + "later write it; the model needs xgboost4j (%s), whose version 3.0.4 takes one value only",
                        source, baseScore, why);
            }
        }
        return replace(json, values[0].trim(), source);
    }

    private static float number(String value, String baseScore, String source) {
        try {
            return Float.parseFloat(value.trim());
        } catch (NumberFormatException e) {
            throw CapstanException.invalid("%s: base_score must be a number or a list of numbers, found '%s'",
                    source, baseScore);
        }
    }

    /** A UBJ string value ({@code S}, a length, the bytes) at {@code at}, or {@code null} if there is none. */
    private static String ubjString(byte[] ubj, int at) {
        if (at + 2 >= ubj.length || ubj[at] != 'S') {
            return null;
        }
        int size = switch (ubj[at + 1]) {
            case 'i', 'U' -> 1;
            case 'I' -> 2;
            case 'l' -> 4;
            case 'L' -> 8;
            default -> -1;
        };
        if (size < 0 || at + 2 + size > ubj.length) {
            return null;
        }
        ByteBuffer length = ByteBuffer.wrap(ubj, at + 2, size);
        long n = switch (size) {
            case 1 -> ubj[at + 1] == 'U' ? length.get() & 0xFF : length.get();
            case 2 -> length.getShort();
            case 4 -> length.getInt();
            default -> length.getLong();
        };
        int start = at + 2 + size;
        if (n < 0 || n > ubj.length - start) {
            return null;
        }
        return new String(Arrays.copyOfRange(ubj, start, start + (int) n), StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte[] key, int from) {
        outer:
        for (int i = from; i <= bytes.length - key.length; i++) {
            for (int k = 0; k < key.length; k++) {
                if (bytes[i + k] != key[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
