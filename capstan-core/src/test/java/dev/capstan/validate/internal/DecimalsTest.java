package dev.capstan.validate.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class DecimalsTest {

    @Test
    void bytesReadAsTheirTextReads() {
        Random random = new Random(5);
        String[] fixed = {"", "-", "+", ".", "-0", "+7.", ".5", "1e3", "-2.5E-3", "12345678901234567890",
            "123456789012345", "1234567890123456", "1.2.3", "12a", "NaN", "Infinity", "electronics", "café", "3 ",
            "0x1p3", "1d", "٣", "-.5", "00042", "9".repeat(65)};
        for (String text : fixed) {
            assertSameReading(text);
        }
        for (int i = 0; i < 100_000; i++) {
            assertSameReading(switch (i % 3) {
                case 0 -> String.format("%.5f", random.nextGaussian() * Math.pow(10, random.nextInt(12)));
                case 1 -> Long.toString(random.nextLong() >> random.nextInt(64));
                default -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            });
        }
    }

    private static void assertSameReading(String text) {
        byte[] padded = ("#" + text + "#").getBytes(StandardCharsets.UTF_8);
        double fromBytes = Decimals.parse(padded, 1, padded.length - 1);
        assertThat(Double.doubleToRawLongBits(fromBytes)).as(text)
                .isEqualTo(Double.doubleToRawLongBits(Decimals.parse(text)));
    }
}
