package dev.capstan.server.serving.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.capstan.Json;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One JSON line per inference request, appended to a file (or standard output) by a background thread, so that a
 * slow disk never slows a request: when the queue of 65,536 lines is full, lines are dropped and the next line
 * written says how many. Thread-safe.
 */
public final class AccessLog implements AutoCloseable {

    /** One request, as logged. */
    public record Entry(long time, String requestId, String method, String path, String model, String version,
                        String variant, int status, double latencyMillis) {
    }

    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(65_536);
    private final OutputStream out;
    private final Thread writer;
    private volatile boolean open = true;
    private long dropped;

    private AccessLog(OutputStream out) {
        this.out = out;
        this.writer = new Thread(this::write, "capstan-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** A log appending to {@code target}, or to standard output for {@code -}. */
    public static AccessLog open(String target) {
        try {
            return new AccessLog(target.equals("-") ? System.out : new FileOutputStream(target, true));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the access log " + target, e);
        }
    }

    public void log(Entry entry) {
        if (!queue.offer(entry)) {
            synchronized (this) {
                dropped++;
            }
        }
    }

    private void write() {
        try {
            while (open || !queue.isEmpty()) {
                Entry e = queue.poll(100, TimeUnit.MILLISECONDS);
                if (e != null) {
                    out.write(line(e));
                    if (queue.isEmpty()) {
                        out.flush();
                    }
                }
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the log is best effort: requests go on without it
        }
    }

    private byte[] line(Entry e) throws JsonProcessingException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", java.time.Instant.ofEpochMilli(e.time()).toString());
        line.put("request_id", e.requestId());
        line.put("method", e.method());
        line.put("path", e.path());
        line.put("model", e.model());
        line.put("version", e.version());
        line.put("variant", e.variant());
        line.put("status", e.status());
        line.put("latency_ms", Math.round(e.latencyMillis() * 1000) / 1000.0);
        synchronized (this) {
            if (dropped > 0) {
                line.put("dropped_before", dropped);
                dropped = 0;
            }
        }
        return (Json.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        open = false;
        try {
            writer.join(5_000);
            if (out != System.out) {
                out.close();
            }
        } catch (InterruptedException | IOException e) {
            // closing anyway
        }
    }
}
