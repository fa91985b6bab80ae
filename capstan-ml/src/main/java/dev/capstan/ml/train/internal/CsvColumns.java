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
import java.util.List;
import java.util.stream.IntStream;

/**
 * A CSV or TSV table read straight from the file's bytes on every core: the lines after the header are cut into
 * ranges that are parsed side by side, and a number never becomes a {@code String}. A column whose fields are all
 * empty or decimal numbers becomes a {@code double[]} (NaN for empty), any other an {@code Object[]} of its fields'
 * text (null for empty): what {@link Tables} makes of the same file read through its {@code TableSource}, several
 * times faster (BENCHMARKS.md §8).
 *
 * <p>It reads the plain files that training tables mostly are. A file with anything else (a quote, a carriage
 * return that does not end a line, a line that starts with a space, a blank line before the header, a row of another
 * width, text that is not UTF-8) gives null, and the general reader, which knows every case, reads it or names the problem with its line.
 */
final class CsvColumns {

    /** Bytes of lines per range: enough to make a range's fixed costs small, few enough to keep every core busy. */
    private static final long RANGE_BYTES = 16L << 20;
    /** Bytes read at a time past a range's end, to finish its last line. */
    private static final int TAIL_BYTES = 64 << 10;
    private static final int HEADER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final byte separator;
    private final int width;
    private final long rangeBytes;

    private CsvColumns(FileChannel channel, char separator, int width, long rangeBytes) {
        this.channel = channel;
        this.separator = (byte) separator;
        this.width = width;
        this.rangeBytes = rangeBytes;
    }

    /**
     * Reads the file whose header names {@code names}, or gives null for a file it does not read (see above).
     *
     * @param separator ',' for CSV, a tab for TSV
     */
    static Tables.Columns read(Path file, char separator, List<String> names) {
        return read(file, separator, names, RANGE_BYTES);
    }

    /** Reads with ranges of about {@code rangeBytes}: small ones test the seams between ranges. */
    static Tables.Columns read(Path file, char separator, List<String> names, long rangeBytes) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new CsvColumns(channel, separator, names.size(), rangeBytes).read(names);
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    private Tables.Columns read(List<String> names) throws IOException {
        long start = dataStart(names);
        if (start < 0) {
            return null;
        }
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
        return ranges.parallelStream().allMatch(r -> r.readTexts(text)) ? columns(ranges, names, text) : null;
    }

    /** Where the first row starts: after the byte order mark and the header line, which must split into the names. */
    private long dataStart(List<String> names) throws IOException {
        byte[] head = bytes(0, (int) Math.min(channel.size(), HEADER_BYTES));
        int from = head.length >= 3 && head[0] == (byte) 0xEF && head[1] == (byte) 0xBB && head[2] == (byte) 0xBF
                ? 3 : 0;
        int end = from;
        while (end < head.length && head[end] != '\n') {
            end++;
        }
        if (end == head.length && end < channel.size()) {
            return -1;   // a header over a megabyte: left to the general reader
        }
        String header = text(head, from, end > from && head[end - 1] == '\r' ? end - 1 : end,
                StandardCharsets.UTF_8.newDecoder());
        boolean plain = header != null && header.indexOf('"') < 0 && header.indexOf('\r') < 0
                && Arrays.asList(header.split(String.valueOf((char) separator), -1)).equals(names);
        return plain ? Math.min(end + 1, channel.size()) : -1;
    }

    /** The ranges' rows, in file order, as the table's columns. */
    private static Tables.Columns columns(List<Range> ranges, List<String> names, boolean[] text) {
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

    /** {@code length} bytes of the file from {@code position}, fewer at its end. */
    private byte[] bytes(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) >= 0) {
            // positional reads leave the channel's position alone, so ranges read side by side
        }
        return buffer.position() == length ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
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
         * lines; false at the first quote, stray carriage return or row of another width than the header's.
         */
        private boolean split(Fields sink) {
            Lines lines = lines();
            byte[] bytes = lines.bytes();
            int limit = lines.limit();
            int line = firstLine(bytes, limit);
            while (line < Math.min(end, limit)) {
                if (bytes[line] == ' ') {
                    return false;   // Jackson drops a line's leading spaces: left to it
                }
                int column = 0;
                int field = line;
                int i = line;
                for (; i < limit && bytes[i] != '\n'; i++) {
                    byte b = bytes[i];
                    if (b == separator) {
                        if (column == width - 1) {
                            return false;
                        }
                        sink.field(bytes, column++, field, i);
                        field = i + 1;
                    } else if (b == '"' || b == '\r' && (i + 1 == limit || bytes[i + 1] != '\n')) {
                        return false;
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

        /** The bytes from {@code base} up to the end of the last line that starts before {@code end}. */
        private Lines lines() {
            try {
                byte[] bytes = bytes(base, end + TAIL_BYTES);
                int newline = indexOfNewline(bytes, Math.max(0, end - 1));
                while (newline < 0 && base + bytes.length < channel.size()) {
                    int scanned = bytes.length;
                    byte[] more = bytes(base + bytes.length, TAIL_BYTES);
                    bytes = Arrays.copyOf(bytes, bytes.length + more.length);
                    System.arraycopy(more, 0, bytes, scanned, more.length);
                    newline = indexOfNewline(bytes, scanned);
                }
                return new Lines(bytes, newline < 0 ? bytes.length : newline + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The first range starts with a line; the others after their first byte's line, which may end there. */
        private int firstLine(byte[] bytes, int limit) {
            if (first) {
                return 0;
            }
            int newline = indexOfNewline(bytes, 0);
            return newline < 0 ? limit : newline + 1;
        }

        private static int indexOfNewline(byte[] bytes, int from) {
            for (int i = from; i < bytes.length; i++) {
                if (bytes[i] == '\n') {
                    return i;
                }
            }
            return -1;
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
