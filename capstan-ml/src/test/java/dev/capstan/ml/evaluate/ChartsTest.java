package dev.capstan.ml.evaluate;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ChartsTest {

    private static BufferedImage read(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
        return image;
    }

    /** The share of pixels that are the curves' blue. */
    private static double blue(BufferedImage image) {
        long blue = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                int rgb = image.getRGB(x, y);
                blue += ((rgb & 0xff) > 150 && ((rgb >> 16) & 0xff) < 100) ? 1 : 0;
            }
        }
        return (double) blue / (image.getWidth() * image.getHeight());
    }

    @Test
    void aCurveIsDrawnAsAPngWithItsLine() throws IOException {
        byte[] png = Charts.curve("ROC curve (AUC 0.9)", "false positive rate", "true positive rate",
                new double[] {0, 0.1, 0.3, 1}, new double[] {0, 0.6, 0.9, 1}, true);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(blue(read(png))).isBetween(0.001, 0.2);
    }

    @Test
    void theConfusionMatrixAndImportanceAreDrawnToo() throws IOException {
        assertThat(blue(read(Charts.confusion(List.of("no", "yes"), new int[][] {{50, 5}, {8, 37}}))))
                .isGreaterThan(0.01);
        assertThat(blue(read(Charts.bars("Feature importance", Map.of("age", 12.5, "spend", 30.0, "plan_basic",
                4.0))))).isGreaterThan(0.01);
    }
}
