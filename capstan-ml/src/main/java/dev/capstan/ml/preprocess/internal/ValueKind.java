package dev.capstan.ml.preprocess.internal;

/**
 * What a training column holds, which decides how a one-hot encoder sorts and names its categories and whether
 * numeric steps accept it. An integer column with a missing value is FLOAT, as pandas reads it.
 */
public enum ValueKind {
    /** Only integers, none missing. */
    INTEGER,
    /** Numbers (booleans counting as 1 and 0), or nothing but missing values. */
    FLOAT,
    /** Only booleans (and missing values). */
    BOOLEAN,
    /** Only text (and missing values). */
    TEXT,
    /** Text together with numbers or booleans. */
    MIXED;

    public boolean numeric() {
        return this != TEXT && this != MIXED;
    }

    public static ValueKind of(Object[] values) {
        boolean text = false;
        boolean bool = false;
        boolean integer = false;
        boolean other = false;
        boolean missing = false;
        for (Object v : values) {
            if (Values.isMissing(v)) {
                missing = true;
            } else if (v instanceof String) {
                text = true;
            } else if (v instanceof Boolean) {
                bool = true;
            } else if (Values.isIntegral(v)) {
                integer = true;
            } else {
                other = true;
            }
        }
        return classify(text, bool, integer, other, missing);
    }

    private static ValueKind classify(boolean text, boolean bool, boolean integer, boolean other, boolean missing) {
        boolean numbers = bool || integer || other;
        if (text) {
            return numbers ? MIXED : TEXT;
        }
        if (bool && !integer && !other) {
            return BOOLEAN;
        }
        return integer && !bool && !other && !missing ? INTEGER : FLOAT;
    }
}
