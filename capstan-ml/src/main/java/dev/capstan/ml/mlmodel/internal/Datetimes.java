package dev.capstan.ml.mlmodel.internal;

import dev.capstan.ml.mlmodel.internal.ColumnConverter.Cell;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Date;

/**
 * Converts values to MLflow's {@code datetime} (NumPy {@code datetime64[ns]}, which has no time zone): date-times
 * with a zone or offset are taken in UTC, dates at midnight, ISO-8601 strings parsed (MLflow casts strings too).
 */
final class Datetimes {

    private Datetimes() {
    }

    static LocalDateTime convert(Cell cell, Object value) {
        if (value instanceof LocalDateTime t) {
            return t;
        }
        if (value instanceof LocalDate d) {
            return d.atStartOfDay();
        }
        if (value instanceof Instant i) {
            return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof ZonedDateTime t) {
            return t.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        }
        if (value instanceof Date d) {
            return LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
        }
        if (value instanceof String s) {
            return parse(cell, s);
        }
        throw cell.fail("datetime", value, "");
    }

    private static LocalDateTime parse(Cell cell, String text) {
        String iso = text.trim().replace(' ', 'T');
        try {
            if (iso.length() == 10) {
                return LocalDate.parse(iso).atStartOfDay();
            }
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(iso).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
            }
            return LocalDateTime.parse(iso);
        } catch (DateTimeParseException e) {
            throw cell.fail("datetime", text, "not an ISO-8601 date or date-time");
        }
    }
}
