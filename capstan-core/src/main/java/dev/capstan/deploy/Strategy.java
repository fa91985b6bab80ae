package dev.capstan.deploy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How a deployment splits traffic between its primary and candidate versions. */
public enum Strategy {
    /** One version, no candidate. */
    SINGLE,
    /** The candidate is loaded and warmed beside the primary; promotion switches all traffic at once. */
    BLUE_GREEN,
    /** A weighted random split (0–100 % to the candidate; 0 is a dark launch). */
    CANARY,
    /** Clients get the primary's answers; a share of requests is mirrored to the candidate and compared. */
    SHADOW,
    /** A sticky split by a request key (a header or an input field), by consistent hashing. */
    AB,
    /** Weight steps with pauses, analysed every interval, promoted or rolled back automatically. */
    PROGRESSIVE;

    /** The name written in deployment files: {@code blue-green}, {@code canary}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The strategy written {@code name}, if any. */
    public static Optional<Strategy> fromWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }

    /** Every wire name, for messages. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Strategy::wireName).toList();
    }
}
