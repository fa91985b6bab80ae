package dev.capstan.cli.quickstart;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A synthetic customer-churn table, the same for the same seed: {@code customer_id, age, purchase_amount, category,
 * tenure_months, support_calls, churn}. In the {@link Population#BASELINE} population young customers, short
 * tenures, many support calls and small purchases churn more often, with noise, so that a model learns something
 * real but not everything. The {@link Population#SHIFTED} one is what the market turns into: older customers who
 * spend more, more of them gold, and among them it is the older ones who leave, so a model of the first decays.
 */
public final class ChurnData {

    static final String HEADER = "customer_id,age,purchase_amount,category,tenure_months,support_calls,churn";
    private static final String[] CATEGORIES = {"bronze", "silver", "gold"};

    /** Who the customers are. */
    public enum Population { BASELINE, SHIFTED }

    private ChurnData() {
    }

    /** Writes {@code rows} baseline customers to {@code csv}, numbered from {@code firstId}. */
    public static void write(Path csv, int rows, long seed, int firstId) {
        write(csv, rows, seed, firstId, Population.BASELINE);
    }

    /** Writes {@code rows} customers of {@code population} to {@code csv}, numbered from {@code firstId}. */
    public static void write(Path csv, int rows, long seed, int firstId, Population population) {
        SplittableRandom random = new SplittableRandom(seed);
        try {
            Files.createDirectories(csv.toAbsolutePath().getParent());
            try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.newLine();
                for (int i = 0; i < rows; i++) {
                    out.write(row(random, firstId + i, population == Population.SHIFTED));
                    out.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + csv, e);
        }
    }

    private static String row(SplittableRandom random, int id, boolean shifted) {
        int age = 18 + (int) Math.min(62, Math.abs(random.nextGaussian() * 14 + (shifted ? 38 : 22)));
        double purchase = Math.round(Math.exp((shifted ? 4.2 : 3.6) + random.nextGaussian() * 0.7) * 100) / 100.0;
        String category = CATEGORIES[random.nextInt(10) < (shifted ? 2 : 5) ? 0 : random.nextInt(10) < 7 ? 1 : 2];
        int tenure = random.nextInt(120);
        int calls = (int) Math.min(10, Math.abs(random.nextGaussian() * 2));
        double logit = (shifted ? 0.09 * (age - 45) + 0.4 : 0.05 * (35 - age)) - 0.6 - 0.02 * tenure + 0.45 * calls
                - (shifted ? 0.002 : 0.008) * purchase
                + (category.equals("bronze") ? 0.5 : category.equals("gold") ? -0.6 : 0) + random.nextGaussian() * 0.8;
        return String.format(Locale.ROOT, "C%06d,%d,%.2f,%s,%d,%d,%s", id, age, purchase, category, tenure, calls,
                logit > 0 ? "yes" : "no");
    }
}
