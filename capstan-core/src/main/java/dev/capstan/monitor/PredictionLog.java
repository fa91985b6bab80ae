package dev.capstan.monitor;

import dev.capstan.CapstanException;
import dev.capstan.ErrorCode;
import dev.capstan.monitor.internal.ParquetConcat;
import dev.capstan.monitor.internal.SegmentWriter;
import org.apache.parquet.format.FileMetaData;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The log of served predictions: one row per predicted row (request id, time, model, version, variant, latency,
 * then the model's input and output columns), in Parquet segments under {@code dir/<model>/<version>/}.
 *
 * <p>Requests are queued without blocking ({@link #log}; a full queue drops them and counts them) and written by a
 * background thread every flush interval: each segment is written aside and renamed, so a crash loses at most the
 * rows of the last interval and never harms a written segment. Segments are named by the range of flush numbers
 * they hold ({@code 000012-000012.parquet}); {@link #compact} merges a version's segments into one file named by
 * their whole range, and a file inside another file's range is a leftover of an interrupted compaction, skipped by
 * readers and removed. {@link #applyRetention} removes files older than the retention. The writer compacts every
 * minute and applies the retention after every flush.
 *
 * <p>Ground truth ({@link #feedback}) is kept beside the rows, under {@code dir/.feedback/}, and joined to them by
 * request id and row when they are {@link #read}. Thread-safe.
 */
public final class PredictionLog implements AutoCloseable {

    /**
     * One answered request.
     *
     * @param values its rows' inputs and outputs, taken on the request thread
     */
    public record Entry(String requestId, long timeMillis, String model, String version, String variant,
                        double latencyMillis, LoggedValues values) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
    private static final Pattern FILE = Pattern.compile("(\\d{12})-(\\d{12})\\.parquet");
    private static final String FEEDBACK = ".feedback";
    private static final String FEEDBACK_VERSION = "all";
    private static final int QUEUE_CAPACITY = 100_000;
    private static final int COMPACT_EVERY_FLUSHES = 60;
    private static final int FIRST_READ_FILES = 8;
    private static final long COMPACTED_BYTES = 16L * 1024 * 1024;
    private static final long MERGED_ROWS_PER_GROUP = 1000;

    private final Path dir;
    private final Duration retention;
    private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private final long flushMillis;
    private volatile boolean open = true;
    private long nextSegment;

    private PredictionLog(Path dir, Duration flushEvery, Duration retention, boolean writing) {
        this.dir = dir;
        this.flushMillis = flushEvery.toMillis();
        this.retention = retention;
        this.nextSegment = highestSegment(dir) + 1;
        this.writer = new Thread(this::run, "capstan-prediction-log");
        writer.setDaemon(true);
        if (writing) {
            writer.start();
        }
    }

    /**
     * A reader of the log in {@code dir}, for reports beside a running server: it never writes, compacts or
     * expires anything.
     */
    public static PredictionLog reader(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw CapstanException.invalid("The prediction log %s does not exist (capstan server --prediction-log, "
                    + "capstan serve --prediction-log)", dir);
        }
        return new PredictionLog(dir, Duration.ofDays(1), Duration.ofDays(36500), false);
    }

    /** A log in {@code dir} (created if needed) that writes every {@code flushEvery} and keeps {@code retention}. */
    public static PredictionLog open(Path dir, Duration flushEvery, Duration retention) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the prediction log directory " + dir, e);
        }
        return new PredictionLog(dir, flushEvery, retention, true);
    }

    /**
     * Queues a request's rows; false when the queue is full and they were dropped. The queue takes no lock, so
     * that request threads never wait for the writer taking its contents.
     */
    public boolean log(Entry entry) {
        if (queued.incrementAndGet() > QUEUE_CAPACITY) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return false;
        }
        queue.offer(entry);
        return true;
    }

    /** Requests dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        long flushes = 0;
        while (open) {
            try {
                Thread.sleep(flushMillis);
                flush();
                if (++flushes % COMPACT_EVERY_FLUSHES == 0) {
                    compactAll();
                }
                applyRetention(System.currentTimeMillis());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Writing the prediction log failed: {}", e.getMessage());
            }
        }
    }

    /** Writes what is queued now, one segment per model version and layout. */
    public synchronized void flush() {
        Map<Segment, List<Entry>> segments = new LinkedHashMap<>();
        for (Entry e = queue.poll(); e != null; e = queue.poll()) {
            queued.decrementAndGet();
            segments.computeIfAbsent(new Segment(e.model(), e.version(), e.values().layout()),
                    k -> new ArrayList<>()).add(e);
        }
        for (List<Entry> group : segments.values()) {
            write(group);
        }
    }

    /** What one segment holds: requests of one model version with one layout (hashes cached in each part). */
    private record Segment(String model, String version, LoggedValues.Layout layout) {
    }

    private void write(List<Entry> entries) {
        Entry first = entries.get(0);
        Path versionDir = versionDir(first.model(), first.version());
        long segment = nextSegment++;
        String name = String.format("%012d-%012d.parquet", segment, segment);
        Path tmp = versionDir.resolve("." + name + ".tmp");
        try {
            Files.createDirectories(versionDir);
            SegmentWriter.write(entries, tmp);
            Files.move(tmp, versionDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Cannot write a prediction log segment for "
                    + first.model() + " version " + first.version() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rows logged for a model version (all versions when {@code version} is null) from {@code sinceMillis} on,
     * newest first, at most {@code limit}: base columns, then {@code in_<column>} and {@code out_<column>}, then the
     * row's latest feedback as {@code actual_label} and {@code actual_value} (null without any).
     */
    public synchronized Rows read(String model, String version, long sinceMillis, int limit) {
        List<Path> files = newestFirst(visibleFiles(model, version), sinceMillis);
        for (int take = Math.min(files.size(), FIRST_READ_FILES); ; take = Math.min(files.size(), take * 4)) {
            Rows rows = read(files.subList(0, take), model, sinceMillis, limit);
            if (rows.rows().size() >= limit || take == files.size()) {
                return rows;
            }
        }
    }

    /**
     * The files that may hold rows from {@code sinceMillis} on, newest first: a file is written after the rows it
     * holds, so one last written before then holds none, and later segments hold later rows. A window of the last
     * rows reads the newest files first and only goes further back when they hold too few.
     */
    private static List<Path> newestFirst(List<Path> files, long sinceMillis) {
        return files.stream().filter(f -> lastModified(f) >= sinceMillis)
                .sorted(Comparator.comparingLong((Path f) -> range(f)[1]).reversed()).toList();
    }

    private static long lastModified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private Rows read(List<Path> files, String model, long sinceMillis, int limit) {
        if (files.isEmpty()) {
            return new Rows(List.of(), List.of());
        }
        List<Path> feedback = visibleFiles(FEEDBACK, FEEDBACK_VERSION);
        String actual = feedback.isEmpty()
                ? "(SELECT NULL::VARCHAR AS request_id, NULL::INTEGER AS \"row\", NULL::VARCHAR AS label, "
                        + "NULL::DOUBLE AS value)"
                : "(SELECT request_id, \"row\", label, value FROM read_parquet(" + fileList(feedback) + ") "
                        + "QUALIFY row_number() OVER (PARTITION BY request_id, \"row\" ORDER BY time DESC) = 1)";
        String query = "SELECT p.*, f.label AS actual_label, f.value AS actual_value FROM read_parquet("
                + fileList(files) + ", union_by_name = true) p LEFT JOIN " + actual + " f ON p.request_id = "
                + "f.request_id AND p.\"row\" = f.\"row\" WHERE p.time >= make_timestamp(" + sinceMillis * 1000
                + ") ORDER BY p.time DESC, p.request_id, p.\"row\" LIMIT " + limit;
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery(query)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                columns.add(meta.getColumnName(c));
            }
            List<Object[]> rows = new ArrayList<>();
            while (rs.next()) {
                Object[] row = new Object[columns.size()];
                for (int c = 0; c < row.length; c++) {
                    row[c] = rs.getObject(c + 1);
                }
                rows.add(row);
            }
            return new Rows(columns, rows);
        } catch (SQLException e) {
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Cannot read the prediction log of " + model + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * A ground-truth answer for one logged row.
     *
     * @param row   the row within the request (0 for single-row requests)
     * @param label a classifier's actual class, or null
     * @param value a regressor's actual value, or null
     */
    public record Feedback(String requestId, int row, String label, Double value) {
    }

    /**
     * What became of a feedback batch.
     *
     * @param accepted answers stored
     * @param unknown  the request ids the log does not hold (not logged, sampled out, or expired), which are not stored
     */
    public record FeedbackResult(int accepted, List<String> unknown) {
    }

    /**
     * Stores answers for logged rows, joined to them by request id and row when the log is read; the latest answer for
     * a row wins. Rows still queued are written first, so that a request answered a moment ago is found. The batch is
     * written aside and renamed: it is stored whole or not at all.
     */
    public synchronized FeedbackResult feedback(List<Feedback> answers, long nowMillis) {
        flush();
        List<Path> logged = allFiles(null, null).stream()
                .filter(f -> !f.startsWith(dir.resolve(FEEDBACK))).toList();
        Path feedbackDir = versionDir(FEEDBACK, FEEDBACK_VERSION);
        long segment = nextSegment++;
        String name = String.format("%012d-%012d.parquet", segment, segment);
        Path tmp = feedbackDir.resolve("." + name + ".tmp");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
            sql.execute("CREATE TABLE answers (request_id VARCHAR, \"row\" INTEGER, time TIMESTAMP, label VARCHAR, "
                    + "value DOUBLE)");
            LocalDateTime now = LocalDateTime.ofInstant(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
            try (DuckDBAppender a = ((DuckDBConnection) db).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
                    "answers")) {
                for (Feedback f : answers) {
                    a.beginRow();
                    a.append(f.requestId());
                    a.append(f.row());
                    a.append(now);
                    appendNullable(a, f.label());
                    if (f.value() == null) {
                        a.appendNull();
                    } else {
                        a.append(f.value());
                    }
                    a.endRow();
                }
            }
            sql.execute("CREATE TABLE known AS " + (logged.isEmpty() ? "SELECT NULL::VARCHAR AS request_id LIMIT 0"
                    : "SELECT DISTINCT request_id FROM read_parquet(" + fileList(logged) + ", union_by_name = true) "
                    + "WHERE request_id IN (SELECT request_id FROM answers)"));
            List<String> unknown = new ArrayList<>();
            try (ResultSet rs = sql.executeQuery("SELECT DISTINCT request_id FROM answers WHERE request_id NOT IN "
                    + "(SELECT request_id FROM known) ORDER BY request_id")) {
                while (rs.next()) {
                    unknown.add(rs.getString(1));
                }
            }
            int accepted;
            try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM answers WHERE request_id IN "
                    + "(SELECT request_id FROM known)")) {
                rs.next();
                accepted = rs.getInt(1);
            }
            if (accepted > 0) {
                Files.createDirectories(feedbackDir);
                sql.execute("COPY (SELECT * FROM answers WHERE request_id IN (SELECT request_id FROM known)) TO '"
                        + tmp.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT PARQUET)");
                Files.move(tmp, feedbackDir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            return new FeedbackResult(accepted, unknown);
        } catch (SQLException | IOException e) {
            deleteQuietly(tmp);
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Cannot store feedback: " + e.getMessage(), e);
        }
    }

    private static void appendNullable(DuckDBAppender a, String value) throws SQLException {
        if (value == null) {
            a.appendNull();
        } else {
            a.append(value);
        }
    }

    private static String fileList(List<Path> files) {
        StringBuilder list = new StringBuilder("[");
        for (Path f : files) {
            list.append(list.length() > 1 ? ", " : "").append('\'')
                    .append(f.toAbsolutePath().toString().replace("'", "''")).append('\'');
        }
        return list.append(']').toString();
    }

    /** Rows read back: column names and one array of values per row. */
    public record Rows(List<String> columns, List<Object[]> rows) {

        /** One column's values, in row order. */
        public Object[] column(String name) {
            int c = columns.indexOf(name);
            if (c < 0) {
                throw CapstanException.invalid("The prediction log has no column '%s'; its columns: %s", name,
                        columns);
            }
            return rows.stream().map(r -> r[c]).toArray();
        }

        /** A column's values, or none when the rows lack it (a model logged without that column). */
        public Object[] valuesOf(String name) {
            return columns.contains(name) ? column(name) : new Object[0];
        }

        /** The mean of a column's numbers, NaN when it has none. */
        public double mean(String name) {
            return java.util.Arrays.stream(valuesOf(name)).filter(v -> v instanceof Number)
                    .mapToDouble(v -> ((Number) v).doubleValue()).average().orElse(Double.NaN);
        }
    }

    /**
     * Merges a version's newest files smaller than 16 MB into one, written aside and renamed before the merged ones
     * are removed; larger files, merged before, are left as they are, so that a long-lived log is not rewritten.
     * Files of one schema whose row groups hold 1,000 rows or more on average (as under load) are merged by copying
     * their row groups; others (a quiet server's small flushes, feedback) are rewritten into one row group, which
     * costs little for so few rows and keeps readers from wading through thousands of tiny groups.
     */
    public synchronized void compact(String model, String version) {
        List<Path> files = smallTail(visibleFiles(model, version));
        if (files.size() < 2) {
            return;
        }
        long from = range(files.get(0))[0];
        long to = files.stream().mapToLong(f -> range(f)[1]).max().orElseThrow();
        Path versionDir = versionDir(model, version);
        String name = String.format("%012d-%012d.parquet", from, to);
        Path tmp = versionDir.resolve("." + name + ".tmp");
        try {
            List<FileMetaData> footers = new ArrayList<>();
            for (Path f : files) {
                footers.add(ParquetConcat.footer(f));
            }
            long rows = footers.stream().mapToLong(FileMetaData::getNum_rows).sum();
            long groups = footers.stream().mapToLong(FileMetaData::getRow_groupsSize).sum();
            if (ParquetConcat.mergeable(footers) && rows >= MERGED_ROWS_PER_GROUP * groups) {
                ParquetConcat.concat(files, footers, tmp);
            } else {
                rewrite(files, tmp);
            }
            Files.move(tmp, versionDir.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (SQLException | IOException e) {
            deleteQuietly(tmp);
            throw new CapstanException(ErrorCode.INTERNAL_ERROR, "Cannot compact the prediction log of " + model
                    + ": " + e.getMessage(), e);
        }
        removeCovered(versionDir);
    }

    private static void rewrite(List<Path> files, Path to) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement sql = db.createStatement()) {
            sql.execute("COPY (SELECT * FROM read_parquet(" + fileList(files) + ", union_by_name = true)) TO '"
                    + to.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT PARQUET)");
        }
    }

    /** Compacts every model version's files, and the feedback's. */
    public synchronized void compactAll() {
        for (Path versionDir : versionDirs()) {
            compact(versionDir.getParent().getFileName().toString(), versionDir.getFileName().toString());
        }
    }

    /** The files after the last large one: a contiguous range of segments, so merging them covers no other file. */
    private static List<Path> smallTail(List<Path> files) {
        int start = files.size();
        while (start > 0 && size(files.get(start - 1)) < COMPACTED_BYTES) {
            start--;
        }
        return files.subList(start, files.size());
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private List<Path> versionDirs() {
        try (Stream<Path> models = Files.list(dir)) {
            List<Path> dirs = new ArrayList<>();
            for (Path model : models.filter(Files::isDirectory).toList()) {
                try (Stream<Path> versions = Files.list(model)) {
                    versions.filter(Files::isDirectory).forEach(dirs::add);
                }
            }
            return dirs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes files last written before now minus the retention; returns how many. */
    public synchronized int applyRetention(long nowMillis) {
        int removed = 0;
        for (Path f : allFiles(null, null)) {
            try {
                if (Files.getLastModifiedTime(f).toMillis() < nowMillis - retention.toMillis()) {
                    Files.delete(f);
                    removed++;
                }
            } catch (IOException e) {
                LOG.warn("Cannot remove the expired prediction log file {}: {}", f, e.getMessage());
            }
        }
        return removed;
    }

    /** The files readers use: complete ones (no temporary file) not inside another file's range. */
    List<Path> visibleFiles(String model, String version) {
        List<Path> all = allFiles(model, version);
        return all.stream().filter(f -> all.stream().noneMatch(o -> o.getParent().equals(f.getParent())
                && !o.equals(f) && contains(range(o), range(f)))).sorted().toList();
    }

    private List<Path> allFiles(String model, String version) {
        Path root = model == null ? dir : version == null ? dir.resolve(safe(model)) : versionDir(model, version);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> FILE.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void removeCovered(Path versionDir) {
        List<Path> all = allFiles(null, null).stream().filter(f -> f.getParent().equals(versionDir)).toList();
        for (Path f : all) {
            if (all.stream().anyMatch(o -> !o.equals(f) && contains(range(o), range(f)))) {
                deleteQuietly(f);
            }
        }
    }

    private static boolean contains(long[] outer, long[] inner) {
        return outer[0] <= inner[0] && inner[1] <= outer[1] && !(outer[0] == inner[0] && outer[1] == inner[1]);
    }

    private static long[] range(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file.toString());
        }
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    private static long highestSegment(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(f -> FILE.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToLong(m -> Long.parseLong(m.group(2))).max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path versionDir(String model, String version) {
        return dir.resolve(safe(model)).resolve(safe(version));
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file left behind is skipped by readers
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        open = false;
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
