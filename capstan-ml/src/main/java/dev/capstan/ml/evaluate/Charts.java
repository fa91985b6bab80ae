package dev.capstan.ml.evaluate;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation charts a training run keeps as PNG artifacts, drawn with Java 2D (headless): the ROC and
 * precision-recall curves, the confusion matrix and the features' importance. Small and plain, for a run's page.
 */
public final class Charts {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    private static final int MARGIN = 60;
    private static final Color LINE = new Color(31, 119, 180);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** A curve in the unit square (ROC with its diagonal, or precision-recall), titled with its area. */
    public static byte[] curve(String title, String xLabel, String yLabel, double[] x, double[] y, boolean diagonal) {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image, title);
        axes(g, xLabel, yLabel);
        if (diagonal) {
            g.setColor(Color.LIGHT_GRAY);
            g.drawLine(px(0), py(0), px(1), py(1));
        }
        g.setColor(LINE);
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < x.length; i++) {
            if (Double.isFinite(x[i - 1] + y[i - 1] + x[i] + y[i])) {
                g.drawLine(px(x[i - 1]), py(y[i - 1]), px(x[i]), py(y[i]));
            }
        }
        return png(image, g);
    }

    /** The confusion matrix as a heat map: actual classes down, predicted across, counts in the cells. */
    public static byte[] confusion(List<String> labels, int[][] matrix) {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image, "Confusion matrix (rows: actual, columns: predicted)");
        int n = labels.size();
        int cell = Math.min((WIDTH - 2 * MARGIN) / n, (HEIGHT - 2 * MARGIN) / n);
        int max = 1;
        for (int[] row : matrix) {
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        for (int r = 0; r < n; r++) {
            g.setColor(Color.DARK_GRAY);
            g.drawString(clip(labels.get(r)), 4, MARGIN + r * cell + cell / 2);
            g.drawString(clip(labels.get(r)), MARGIN + 2 * cell / 5 + r * cell, MARGIN - 8);
            for (int c = 0; c < n; c++) {
                float shade = 1f - 0.8f * matrix[r][c] / max;
                g.setColor(new Color(shade, shade, 1f));
                g.fillRect(MARGIN + c * cell, MARGIN + r * cell, cell, cell);
                g.setColor(shade < 0.5f ? Color.WHITE : Color.BLACK);
                g.drawString(Integer.toString(matrix[r][c]), MARGIN + c * cell + cell / 3, MARGIN + r * cell + cell / 2);
            }
        }
        return png(image, g);
    }

    /** The largest values as horizontal bars, largest first (at most 20). */
    public static byte[] bars(String title, Map<String, Double> values) {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image, title);
        List<Map.Entry<String, Double>> top = values.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(20).toList();
        double max = top.isEmpty() ? 1 : Math.max(1e-12, top.get(0).getValue());
        int row = (HEIGHT - 2 * MARGIN) / Math.max(1, top.size());
        int left = 170;
        for (int i = 0; i < top.size(); i++) {
            int y = MARGIN + i * row;
            g.setColor(Color.DARK_GRAY);
            g.drawString(clip(top.get(i).getKey()), 8, y + row * 2 / 3);
            g.setColor(LINE);
            g.fillRect(left, y + 2, (int) ((WIDTH - left - MARGIN) * top.get(i).getValue() / max), row - 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.4g", top.get(i).getValue()), WIDTH - MARGIN + 4,
                    y + row * 2 / 3);
        }
        return png(image, g);
    }

    private static BufferedImage canvas() {
        return new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage image, String title) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(title, MARGIN, 28);
        g.setFont(TEXT);
        return g;
    }

    private static void axes(Graphics2D g, String xLabel, String yLabel) {
        g.setColor(Color.GRAY);
        g.drawRect(px(0), py(1), px(1) - px(0), py(0) - py(1));
        for (int i = 0; i <= 4; i++) {
            double t = i / 4.0;
            String tick = String.format(Locale.ROOT, "%.2f", t);
            g.drawString(tick, px(t) - 12, py(0) + 16);
            g.drawString(tick, px(0) - 36, py(t) + 4);
        }
        g.setColor(Color.BLACK);
        g.drawString(xLabel, (px(0) + px(1)) / 2 - 30, HEIGHT - 12);
        g.drawString(yLabel, 4, MARGIN - 10);
    }

    private static int px(double x) {
        return MARGIN + (int) Math.round(x * (WIDTH - 2 * MARGIN));
    }

    private static int py(double y) {
        return HEIGHT - MARGIN - (int) Math.round(y * (HEIGHT - 2 * MARGIN));
    }

    private static String clip(String text) {
        return text.length() <= 24 ? text : text.substring(0, 23) + "…";
    }

    private static byte[] png(BufferedImage image, Graphics2D g) {
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
