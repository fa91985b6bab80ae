package dev.capstan.server.serving.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an A/B endpoint answered to its recent requests, by request id, so that feedback that arrives later (a
 * label, an outcome) can be credited to the variant that answered. Holds the newest {@code capacity} requests;
 * older ones are forgotten and their feedback goes unmatched. Thread-safe.
 */
public final class PredictionLedger {

    /**
     * One answered request.
     *
     * @param prediction the first row's label ({@code Long}) or value ({@code Double}), or null
     */
    public record Served(String variant, String version, Object prediction) {
    }

    private final Map<String, Served> recent;

    public PredictionLedger(int capacity) {
        this.recent = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Served> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized void remember(String requestId, Served served) {
        recent.put(requestId, served);
    }

    /** The request's answer, forgotten once taken (feedback counts once); null when unknown or forgotten. */
    public synchronized Served take(String requestId) {
        return recent.remove(requestId);
    }
}
