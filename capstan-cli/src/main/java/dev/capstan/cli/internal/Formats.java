package dev.capstan.cli.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the CLI prints times and numbers for people; {@code --json} output uses the wire format instead. */
public final class Formats {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private Formats() {
    }

    /** A time in milliseconds since the epoch, in the local zone; empty when absent. */
    public static String time(Long epochMillis) {
        return epochMillis == null ? "" : TIME.format(Instant.ofEpochMilli(epochMillis));
    }

    /** A metric value with four significant digits, without exponent for everyday magnitudes. */
    public static String number(Double value) {
        if (value == null) {
            return "";
        }
        if (value.isNaN() || value.isInfinite() || value == 0) {
            return value == 0 ? "0" : value.toString();
        }
        double magnitude = Math.abs(value);
        if (magnitude < 1e-4 || magnitude >= 1e9) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /** The time between two instants, e.g. {@code 1.2 s}; empty unless both are known. */
    public static String duration(Long startMillis, Long endMillis) {
        if (startMillis == null || endMillis == null) {
            return "";
        }
        long millis = endMillis - startMillis;
        return millis < 60_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0)
                : String.format(Locale.ROOT, "%d min %d s", millis / 60_000, millis % 60_000 / 1000);
    }
}
