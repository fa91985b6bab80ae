package dev.capstan.validate.internal;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/** Python's {@code strftime} formats, as Great Expectations writes them, turned into Java formatters. */
final class Strftime {

    private Strftime() {
    }

    /** The formatter for a format like {@code %Y-%m-%d %H:%M:%S}; throws for a directive it does not know. */
    static DateTimeFormatter formatter(String format) {
        DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder().parseCaseInsensitive();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                builder.appendLiteral(c);
                continue;
            }
            directive(builder, format.charAt(++i));
        }
        return builder.toFormatter(Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }

    private static void directive(DateTimeFormatterBuilder b, char d) {
        switch (d) {
            case 'Y' -> b.appendValue(ChronoField.YEAR, 4);
            case 'y' -> b.appendValueReduced(ChronoField.YEAR, 2, 2, 2000);
            case 'm' -> b.appendValue(ChronoField.MONTH_OF_YEAR, 2);
            case 'd' -> b.appendValue(ChronoField.DAY_OF_MONTH, 2);
            case 'H' -> b.appendValue(ChronoField.HOUR_OF_DAY, 2);
            case 'I' -> b.appendValue(ChronoField.CLOCK_HOUR_OF_AMPM, 2);
            case 'M' -> b.appendValue(ChronoField.MINUTE_OF_HOUR, 2);
            case 'S' -> b.appendValue(ChronoField.SECOND_OF_MINUTE, 2);
            case 'f' -> b.appendFraction(ChronoField.NANO_OF_SECOND, 1, 6, false);
            case 'j' -> b.appendValue(ChronoField.DAY_OF_YEAR, 3);
            case 'p' -> b.appendText(ChronoField.AMPM_OF_DAY);
            case 'b' -> b.appendPattern("MMM");
            case 'B' -> b.appendPattern("MMMM");
            case 'a' -> b.appendPattern("EEE");
            case 'A' -> b.appendPattern("EEEE");
            case 'z' -> b.appendOffset("+HHMM", "+0000");
            case 'Z' -> b.appendZoneText(java.time.format.TextStyle.SHORT);
            case '%' -> b.appendLiteral('%');
            default -> throw new IllegalArgumentException("unsupported strftime directive %" + d);
        }
    }
}
