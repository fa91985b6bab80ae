package dev.capstan.tracking;

/** One point of a metric's history: its value at a step, logged at a time (ms since the epoch). */
public record Metric(String key, Double value, Long timestamp, Long step) {

    public Metric {
        step = step == null ? 0L : step;
    }
}
