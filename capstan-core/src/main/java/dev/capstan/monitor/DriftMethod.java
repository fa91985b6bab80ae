package dev.capstan.monitor;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A drift test and its default threshold, named as Evidently names it. */
public enum DriftMethod {
    /** Two-sample Kolmogorov-Smirnov: drift when the p-value is at most the threshold. */
    KS(0.05),
    /** Wasserstein distance normed by the reference's standard deviation: drift at or above the threshold. */
    WASSERSTEIN(0.1),
    /** Chi-squared test of category counts: drift when the p-value is below the threshold. */
    CHISQUARE(0.05),
    /** Jensen-Shannon distance: drift at or above the threshold. */
    JENSENSHANNON(0.1),
    /** Two-proportion z-test of a binary column: drift when the p-value is below the threshold. */
    Z(0.05),
    /** Population stability index: drift at or above the threshold. */
    PSI(0.1);

    private final double defaultThreshold;

    DriftMethod(double defaultThreshold) {
        this.defaultThreshold = defaultThreshold;
    }

    public double defaultThreshold() {
        return defaultThreshold;
    }

    /** Whether the score is a p-value (small means drift) rather than a distance (large means drift). */
    public boolean isPValue() {
        return this == KS || this == CHISQUARE || this == Z;
    }

    /** Whether {@code score} means drift at {@code threshold}. */
    public boolean drifted(double score, double threshold) {
        return switch (this) {
            case KS -> score <= threshold;
            case CHISQUARE, Z -> score < threshold;
            default -> score >= threshold;
        };
    }

    /** The name Evidently uses: {@code ks}, {@code wasserstein}, {@code chisquare}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<DriftMethod> fromWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName().equals(name)).findFirst();
    }
}
