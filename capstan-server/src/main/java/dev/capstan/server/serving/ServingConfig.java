package dev.capstan.server.serving;

import java.time.Duration;

/**
 * How models are served.
 *
 * @param batching      when requests are predicted together: {@code AUTO} when warm-up shows that batching raises
 *                      throughput, {@code ALWAYS} or {@code NEVER}
 * @param maxBatchRows  the most rows predicted in one call
 * @param maxBatchDelay how long a batch waits for more requests when it is not full (0: it takes what is queued)
 * @param maxQueue      requests that may wait per model; more are refused with 503 and {@code Retry-After}
 * @param workers       batch worker threads per model
 * @param maxBodyBytes  the largest request body; larger ones get 413
 * @param pollInterval  how often models served by alias or stage are checked for a new version
 * @param accessLog     where one JSON line per inference request goes ({@code -}: standard output), or null
 * @param predictionLog the directory of the prediction log (inputs and outputs of served rows), or null
 * @param logSample     the share of requests written to the prediction log, 0 to 1
 */
public record ServingConfig(Batching batching, int maxBatchRows, Duration maxBatchDelay, int maxQueue, int workers,
                            long maxBodyBytes, Duration pollInterval, String accessLog, String predictionLog,
                            double logSample) {

    /** When requests are predicted together. */
    public enum Batching { AUTO, ALWAYS, NEVER }

    public ServingConfig {
        if (maxBatchRows < 1 || maxQueue < 1 || workers < 1 || maxBodyBytes < 1) {
            throw new IllegalArgumentException("batch rows, queue, workers and body size must be positive");
        }
        if (!(logSample >= 0 && logSample <= 1)) {
            throw new IllegalArgumentException("the prediction log's sample must be from 0 to 1, found " + logSample);
        }
    }

    /** Automatic batching up to 256 rows without waiting, 1,024 queued requests per model, 16 MB bodies. */
    public static ServingConfig defaults() {
        return new ServingConfig(Batching.AUTO, 256, Duration.ZERO, 1024,
                Math.max(1, Runtime.getRuntime().availableProcessors()), 16L * 1024 * 1024, Duration.ofSeconds(10),
                null, null, 1);
    }

    public ServingConfig withBatching(Batching newBatching, int newMaxBatchRows, Duration newMaxBatchDelay) {
        return new ServingConfig(newBatching, newMaxBatchRows, newMaxBatchDelay, maxQueue, workers, maxBodyBytes,
                pollInterval, accessLog, predictionLog, logSample);
    }

    public ServingConfig withLimits(int newMaxQueue, long newMaxBodyBytes) {
        return new ServingConfig(batching, maxBatchRows, maxBatchDelay, newMaxQueue, workers, newMaxBodyBytes,
                pollInterval, accessLog, predictionLog, logSample);
    }

    public ServingConfig withPollInterval(Duration interval) {
        return new ServingConfig(batching, maxBatchRows, maxBatchDelay, maxQueue, workers, maxBodyBytes, interval,
                accessLog, predictionLog, logSample);
    }

    public ServingConfig withAccessLog(String target) {
        return new ServingConfig(batching, maxBatchRows, maxBatchDelay, maxQueue, workers, maxBodyBytes, pollInterval,
                target, predictionLog, logSample);
    }

    public ServingConfig withPredictionLog(String dir, double sample) {
        return new ServingConfig(batching, maxBatchRows, maxBatchDelay, maxQueue, workers, maxBodyBytes, pollInterval,
                accessLog, dir, sample);
    }
}
