package dev.capstan.validate.internal;

import dev.capstan.validate.ColumnType;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ValuesTest {

    @Test
    void decimalsReadExactlyAsTheJdkReadsThem() {
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 4) {
                case 0 -> Long.toString(random.nextLong() % 1_000_000_000_000L);
                case 1 -> String.format("%.2f", random.nextGaussian() * 1e6);
                case 2 -> Double.toString(random.nextDouble());
                default -> (random.nextBoolean() ? "-" : "") + random.nextInt(1000) + "." + random.nextInt(1_000_000);
            };
            assertThat(Values.parseDouble(text)).as(text).isEqualTo(Double.parseDouble(text));
        }
        assertThat(Values.parseDouble("1e3")).isEqualTo(1000.0);
        assertThat(Values.parseDouble("12345678901234567890")).isEqualTo(1.2345678901234567e19);
        assertThat(Values.parseDouble(".5")).isEqualTo(0.5);
        assertThat(Values.parseDouble("+7.")).isEqualTo(7.0);
        for (String notANumber : new String[]{"", "-", ".", "e5", "1.2.3", "12a", "NaN", "Infinity", "electronics"}) {
            assertThat(Values.parseDouble(notANumber)).as(notANumber).isNaN();
        }
    }

    @Test
    void isoDatesAreTheirEpochDaysAndInvalidDatesAreNot() {
        for (LocalDate d = LocalDate.of(1600, 1, 1); d.isBefore(LocalDate.of(2401, 1, 1)); d = d.plusDays(1)) {
            assertThat(Values.isoDate(d.toString())).isEqualTo((double) d.toEpochDay());
        }
        for (String invalid : new String[]{"2023-02-29", "2024-04-31", "2024-13-01", "2024-00-10", "2024-1-01",
                "2024/01/01", "20240101", "2024-01-0x"}) {
            assertThat(Values.isoDate(invalid)).as(invalid).isNaN();
        }
        assertThat(Values.isoDate("2024-02-29")).isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
        assertThat(Values.isoDate("2000-02-29")).isEqualTo(LocalDate.of(2000, 2, 29).toEpochDay());
        assertThat(Values.isoDate("1900-02-29")).isNaN();
    }

    @Test
    void equalValuesShareAHashWhateverTheirSpelling() {
        assertThat(Values.hash("3", null)).isEqualTo(Values.hash(3L, null)).isEqualTo(Values.hash("3.0", null));
        assertThat(Values.hash("TRUE", null)).isEqualTo(Values.hash(true, null));
        assertThat(Values.hash("3", ColumnType.STRING)).isNotEqualTo(Values.hash("3.0", ColumnType.STRING));
        assertThat(Values.hash("-0.0", null)).isEqualTo(Values.hash("0", null));
        assertThat(Values.hash(null, null)).isZero();
        assertThat(Values.hash("2024-01-05", ColumnType.DATE)).isEqualTo(Values.hash(LocalDate.of(2024, 1, 5),
                ColumnType.DATE));
    }

    @Test
    void aDateIsItsMidnightInADateTimeColumn() {
        assertThat(Values.number("2024-01-05", ColumnType.DATETIME))
                .isEqualTo(Values.number("2024-01-05T00:00:00", ColumnType.DATETIME));
        assertThat(Values.number("2024-01-05 12:30", ColumnType.DATETIME))
                .isEqualTo(LocalDate.of(2024, 1, 5).toEpochDay() * 86_400.0 + 45_000);
    }
}
