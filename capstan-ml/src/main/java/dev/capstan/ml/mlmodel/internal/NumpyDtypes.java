package dev.capstan.ml.mlmodel.internal;

import java.util.regex.Pattern;

/** The NumPy dtype names that MLflow writes in tensor specs ({@code np.dtype(...).name}). */
public final class NumpyDtypes {

    /** Examples for error messages. */
    public static final String EXAMPLES = "e.g. float32, float64, int32, int64, uint8, bool, str, bytes, object";

    private static final Pattern KNOWN = Pattern.compile(
            "bool|u?int(8|16|32|64)|float(16|32|64|128)|complex(64|128|256)|str|bytes|object|void"
                    + "|(datetime64|timedelta64)(\\[(Y|M|W|D|h|m|s|ms|us|ns|ps|fs|as)])?");

    private NumpyDtypes() {
    }

    /** Whether MLflow could have written this name; sized strings such as {@code str32} are refused, as by MLflow. */
    public static boolean isKnown(String name) {
        return KNOWN.matcher(name).matches();
    }
}
