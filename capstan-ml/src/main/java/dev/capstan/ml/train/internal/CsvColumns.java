package dev.capstan.ml.train.internal;

import dev.capstan.validate.internal.Decimals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

/**
 * A CSV or TSV table read straight from the file's bytes on every core: the lines after the header are cut into
 * ranges that are parsed side by side, and a number never becomes a {@code String}. A column whose fields are all
 * empty or decimal numbers becomes a {@code double[]} (NaN for empty), any other an {@code Object[]} of its fields'
 * text (null for empty): what {@link Tables} makes of the same file read through its {@code TableSource}, several
 * times faster (BENCHMARKS.md §8).
 *
 * <p>It reads the plain files that training tables mostly are. A file with anything else (a quote, a carriage
 * return that does not end a line, a line that starts with a space, a blank line before the header, a header name
 * that is empty or repeated, a row of another width, text that is not UTF-8) gives null, and the general reader,
 * which knows every case, reads it or names the problem with its line.
 */
final class CsvColumns {

    /** Bytes of lines per range: enough to make a range's fixed costs small, few enough to keep every core busy. */
    private static final long RANGE_BYTES = 16L << 20;
    /** Bytes read at a time past a range's end, to finish its last line. */
    private static final int TAIL_BYTES = 64 << 10;
    private static final int HEADER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final byte separator;
    private final List<String> names;
    private final int width;
    private final long rangeBytes;
    /** Each range's bytes are read into a buffer that an earlier range is done with, rather than into new memory. */
    private final Queue<byte[]> buffers = new ConcurrentLinkedQueue<>();

    private CsvColumns(FileChannel channel, char separator, List<String> names, long rangeBytes) {
        this.channel = channel;
        this.separator = (byte) separator;
        this.names = names;
        this.width = names.size();
        this.rangeBytes = rangeBytes;
    }

    /**
     * Reads the file, or gives null for a file it does not read (see above) or cannot open.
     *
     * @param separator ',' for CSV, a tab for TSV
     */
    static Tables.Columns read(Path file, char separator) {
        return read(file, separator, RANGE_BYTES);
    }

    /** Reads with ranges of about {@code rangeBytes}: small ones test the seams between ranges. */
    static Tables.Columns read(Path file, char separator, long rangeBytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] head = new byte[(int) Math.min(channel.size(), HEADER_BYTES)];
            int headerEnd = indexOf((byte) '\n', head, 0, read(channel, 0, head, 0));
            if (headerEnd < 0 && head.length < channel.size()) {
                return null;   // a header over a megabyte
            }
            List<String> names = names(head, headerEnd < 0 ? head.length : headerEnd, separator);
            return names == null ? null : new CsvColumns(channel, separator, names, rangeBytes)
                    .read(headerEnd < 0 ? channel.size() : headerEnd + 1L);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * The header's column names, after a byte order mark and before a carriage return; null for a header with a
     * quote, a leading space or a carriage return, or names that are empty or repeated, which the general reader
     * reads or refuses.
     */
    private static List<String> names(byte[] head, int end, char separator) {
        int from = head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF
                ? 3 : 0;
        String header = text(head, from, end > from && head[end - 1] == '\r' ? end - 1 : end,
                StandardCharsets.UTF_8.newDecoder());
        if (header == null || header.startsWith(" ") || header.indexOf('"') >= 0 || header.indexOf('\r') >= 0) {
            return null;
        }
        List<String> names = List.of(header.split(String.valueOf(separator), -1));
        boolean valid = names.stream().noneMatch(String::isEmpty) && new HashSet<>(names).size() == names.size();
        return valid ? names : null;
    }

    /** Parses the rows from {@code start} on, in ranges side by side. */
    private Tables.Columns read(long start) throws IOException {
        long size = channel.size();
        int count = (int) Math.max(Runtime.getRuntime().availableProcessors(),
                (size - start + rangeBytes - 1) / rangeBytes);
        long length = (size - start + count - 1) / count;
        List<Range> ranges = IntStream.range(0, count).parallel()
                .mapToObj(i -> new Range(start, Math.min(size, start + i * length),
                        Math.min(size, start + (i + 1) * length)))
                .toList();
        if (!ranges.parallelStream().allMatch(Range::readNumbers)) {
            return null;
        }
        boolean[] text = new boolean[width];
        ranges.forEach(r -> r.markText(text));
        return ranges.parallelStream().allMatch(r -> r.readTexts(text)) ? columns(ranges, text) : null;
    }

    /** The ranges' rows, in file order, as the table's columns. */
    private Tables.Columns columns(List<Range> ranges, boolean[] text) {
        int rows = ranges.stream().mapToInt(r -> r.rows).sum();
        List<Object> columns = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            Object column = text[c] ? new Object[rows] : new double[rows];
            int at = 0;
            for (Range range : ranges) {
                System.arraycopy(text[c] ? range.texts[c] : range.numbers[c], 0, column, at, range.rows);
                at += range.rows;
            }
            columns.add(column);
        }
        return new Tables.Columns(names, columns, rows);
    }

    /** Reads the file from {@code position} into {@code buffer}, from {@code from} until full or at the file's end. */
    private static int read(FileChannel channel, long position, byte[] buffer, int from) throws IOException {
        ByteBuffer target = ByteBuffer.wrap(buffer, from, buffer.length - from);
        while (target.hasRemaining() && channel.read(target, position + target.position() - from) >= 0) {
            // positional reads leave the channel's position alone, so ranges read side by side
        }
        return target.position() - from;
    }

    /** The first {@code b} from {@code from} to {@code to}, or -1. */
    private static int indexOf(byte b, byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Strict UTF-8 text of some bytes; null when they are not UTF-8. */
    private static String text(byte[] bytes, int from, int to, CharsetDecoder decoder) {
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A range's bytes, of which those before {@code limit} hold its lines. */
    private record Lines(byte[] bytes, int limit) {
    }

    /** Receives a range's fields as its lines are split. */
    private interface Fields {
        /** The field of {@code column} in the current row is {@code bytes} from {@code from} to {@code to}. */
        void field(byte[] bytes, int column, int from, int to);

        void endRow();
    }

    /**
     * The lines that start in one stretch of the file: on a first pass every field read as a number (NaN where it
     * is text, noted for its column); on a second, only when some column has text, those columns' fields as text.
     */
    private final class Range implements Fields {
        /** The file offset of the range's bytes: the byte before its stretch, to see whether a line starts there. */
        private final long base;
        private final boolean first;
        private final int end;
        private final double[][] numbers;
        private final boolean[] text = new boolean[width];
        private Object[][] texts;
        private int rows;

        /** The lines that start from {@code from} to {@code to} (file offsets), the first row at {@code dataStart}. */
        Range(long dataStart, long from, long to) {
            this.first = from == dataStart;
            this.base = first ? from : from - 1;
            this.end = (int) (to - base);
            this.numbers = new double[width][(int) Math.max(16, (to - from) / (8L * width))];
        }

        boolean readNumbers() {
            return split(this);
        }

        @Override
        public void field(byte[] bytes, int column, int from, int to) {
            if (rows == numbers[column].length) {
                numbers[column] = Arrays.copyOf(numbers[column], rows * 2);
            }
            double value = from == to ? Double.NaN : Decimals.parse(bytes, from, to);
            text[column] |= from != to && Double.isNaN(value);
            numbers[column][rows] = value;
        }

        @Override
        public void endRow() {
            rows++;
        }

        void markText(boolean[] columns) {
            for (int c = 0; c < width; c++) {
                columns[c] |= text[c];
            }
        }

        /** Reads the {@code columns} marked as text again, as text; false when one of them is not UTF-8. */
        boolean readTexts(boolean[] columns) {
            texts = new Object[width][];
            boolean any = false;
            for (int c = 0; c < width; c++) {
                texts[c] = columns[c] ? new Object[rows] : null;
                any |= columns[c];
            }
            Texts sink = new Texts();
            return !any || split(sink) && sink.valid;
        }

        /**
         * Reads the range's bytes and splits each line starting in it into fields for {@code sink}, skipping blank
         * lines; false at the first quote, stray carriage return, line starting with a space (which Jackson drops)
         * or row of another width than the header's.
         */
        private boolean split(Fields sink) {
            Lines lines = lines(buffers.poll());
            try {
                return split(lines.bytes(), lines.limit(), sink);
            } finally {
                buffers.offer(lines.bytes());
            }
        }

        private boolean split(byte[] bytes, int limit, Fields sink) {
            int line = firstLine(bytes, limit);
            while (line < Math.min(end, limit)) {
                if (bytes[line] == ' ') {
                    return false;
                }
                int column = 0;
                int field = line;
                int i = line;
                for (; i < limit; i++) {
                    byte b = bytes[i];
                    if (b == separator) {
                        if (column == width - 1) {
                            return false;
                        }
                        sink.field(bytes, column++, field, i);
                        field = i + 1;
                    } else if (b <= '"') {   // one test keeps digits, signs and points off the rare cases
                        if (b == '\n') {
                            break;
                        }
                        if (b == '"' || b == '\r' && (i + 1 == limit || bytes[i + 1] != '\n')) {
                            return false;
                        }
                    }
                }
                int fieldEnd = i > field && bytes[i - 1] == '\r' ? i - 1 : i;
                if (column > 0 || fieldEnd > field) {
                    if (column != width - 1) {
                        return false;
                    }
                    sink.field(bytes, column, field, fieldEnd);
                    sink.endRow();
                }
                line = i + 1;
            }
            return true;
        }

        /**
         * The bytes from {@code base} up to the end of the last line that starts before {@code end}, read into
         * {@code buffer} when it is big enough (null for none).
         */
        private Lines lines(byte[] buffer) {
            try {
                int size = end + TAIL_BYTES;
                byte[] bytes = buffer != null && buffer.length >= size ? buffer : new byte[size];
                int length = read(channel, base, bytes, 0);
                int newline = indexOf((byte) '\n', bytes, Math.max(0, end - 1), length);
                while (newline < 0 && length == bytes.length) {   // full, and the line goes on
                    bytes = Arrays.copyOf(bytes, bytes.length * 2);
                    int scanned = length;
                    length += read(channel, base + length, bytes, length);
                    newline = indexOf((byte) '\n', bytes, scanned, length);
                }
                return new Lines(bytes, newline < 0 ? length : newline + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The first range starts with a line; the others after their first byte's line, which may end there. */
        private int firstLine(byte[] bytes, int limit) {
            if (first) {
                return 0;
            }
            int newline = indexOf((byte) '\n', bytes, 0, limit);
            return newline < 0 ? limit : newline + 1;
        }

        /** The second pass: the text columns' fields, decoded as strict UTF-8. */
        private final class Texts implements Fields {
            private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
            private int row;
            private boolean valid = true;

            @Override
            public void field(byte[] bytes, int column, int from, int to) {
                if (texts[column] != null && from != to) {
                    String value = text(bytes, from, to, decoder);
                    valid &= value != null;
                    texts[column][row] = value;
                }
            }

            @Override
            public void endRow() {
                row++;
            }
        }
    }
}
