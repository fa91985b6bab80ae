package dev.capstan.validate.internal;

import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Whether a text is a date or date-time in one of the layouts people write (the lenient reading of python-dateutil
 * that {@code datetime_parseable} stands for): ISO 8601, {@code 2024/01/31}, {@code 01/31/2024},
 * {@code 31.01.2024}, {@code Jan 31 2024}, {@code 31 January 2024}, {@code January 31, 2024}, each with an optional
 * time {@code 13:45[:30]}.
 */
final class DateTexts {

    private static final List<DateTimeFormatter> LAYOUTS = List.of(
            "uuuu/M/d", "M/d/uuuu", "d.M.uuuu", "MMM d uuuu", "d MMM uuuu", "MMMM d, uuuu", "d MMMM uuuu",
            "MMM d, uuuu", "uuuuMMdd").stream().map(DateTexts::withOptionalTime).toList();

    private DateTexts() {
    }

    static boolean parseable(String text) {
        String s = text.trim();
        if (Values.parseTime(s) != null) {
            return true;
        }
        for (DateTimeFormatter layout : LAYOUTS) {
            try {
                layout.parse(s);
                return true;
            } catch (DateTimeParseException e) {
                // try the next layout
            }
        }
        return false;
    }

    private static DateTimeFormatter withOptionalTime(String datePattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(datePattern)
                .optionalStart().appendPattern(" H:mm").optionalStart().appendPattern(":ss").optionalEnd()
                .optionalEnd().toFormatter(Locale.ENGLISH);
    }
}
