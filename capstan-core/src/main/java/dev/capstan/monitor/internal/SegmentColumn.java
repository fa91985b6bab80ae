package dev.capstan.monitor.internal;

import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.MicroSeconds;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Statistics;
import org.apache.parquet.format.StringType;
import org.apache.parquet.format.TimeUnit;
import org.apache.parquet.format.TimestampType;
import org.apache.parquet.format.Type;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;

/**
 * One column of a segment: its values are added row by row and encoded whole once the row group is complete, as a
 * version 1 data page (definition levels, then values) and, for texts with few distinct values, a dictionary page.
 * Numbers are plain and left to Snappy: a logged feature is usually continuous, and a repeated one compresses.
 */
abstract class SegmentColumn {

    /** Texts with more distinct values than this in a row group are written plain. */
    static final int MAX_DICTIONARY = 1000;
    private static final int PLAIN_BYTES = 40;

    final String name;
    private final boolean optional;
    private final BitSet missing = new BitSet();
    int rows;
    int nulls;

    SegmentColumn(String name, boolean optional) {
        this.name = name;
        this.optional = optional;
    }

    /** Counts a row that has a value. */
    final void row() {
        rows++;
    }

    /** Counts a row whose value is null. */
    final void nullRow() {
        missing.set(rows++);
        nulls++;
    }

    abstract Type type();

    /** The values of the data page, after its definition levels. */
    abstract Bytes values();

    /** The encoding of {@link #values}. */
    Encoding encoding() {
        return Encoding.PLAIN;
    }

    /** The dictionary page's values, or null without one. */
    Bytes dictionary() {
        return null;
    }

    int dictionarySize() {
        return 0;
    }

    /** The column's statistics: its null count, and its range where readers filter by it. */
    Statistics statistics() {
        return new Statistics().setNull_count(nulls);
    }

    SchemaElement schema() {
        return new SchemaElement(name).setType(type())
                .setRepetition_type(optional ? FieldRepetitionType.OPTIONAL : FieldRepetitionType.REQUIRED);
    }

    /** The data page: the definition levels (optional columns), then the values. */
    final Bytes dataPage() {
        Bytes values = values();
        if (!optional) {
            return values;
        }
        Bytes levels = new Bytes();
        if (nulls == 0) {
            rleRun(levels, rows, 1);
        } else {
            int[] bits = new int[rows];
            for (int r = 0; r < rows; r++) {
                bits[r] = missing.get(r) ? 0 : 1;
            }
            bitPacked(levels, bits, rows, 1);
        }
        Bytes page = new Bytes(Integer.BYTES + levels.size() + values.size());
        page.putInt(levels.size());
        page.put(levels);
        page.put(values);
        return page;
    }

    /** A run of {@code count} equal values in the RLE/bit-packing hybrid encoding. */
    static void rleRun(Bytes out, int count, int value) {
        out.putVarInt(count << 1);
        out.putByte(value);
    }

    /** {@code count} values of {@code width} bits as one bit-packed run of the hybrid encoding, groups of 8. */
    static void bitPacked(Bytes out, int[] values, int count, int width) {
        int groups = (count + 7) / 8;
        out.putVarInt(groups << 1 | 1);
        long buffer = 0;
        int bits = 0;
        for (int i = 0; i < groups * 8; i++) {
            buffer |= (long) (i < count ? values[i] : 0) << bits;
            bits += width;
            while (bits >= 8) {
                out.putByte((int) buffer);
                buffer >>>= 8;
                bits -= 8;
            }
        }
    }

    /** A column of numbers, missing where they are NaN, kept as numbers until the page is written in bulk. */
    static final class Doubles extends SegmentColumn {

        private double[] values;
        private int count;

        Doubles(String name, boolean optional, int expectedRows) {
            super(name, optional);
            values = new double[expectedRows];
        }

        void add(double value) {
            if (Double.isNaN(value)) {
                nullRow();
                return;
            }
            row();
            if (count == values.length) {
                values = Arrays.copyOf(values, Math.max(16, count * 2));
            }
            values[count++] = value;
        }

        @Override
        Type type() {
            return Type.DOUBLE;
        }

        @Override
        Bytes values() {
            Bytes out = new Bytes(count * Double.BYTES);
            out.putDoubles(values, count);
            return out;
        }
    }

    /** Whole numbers of 32 or 64 bits; 64-bit ones are times in microseconds since the epoch (UTC, no zone). */
    static final class Longs extends SegmentColumn {

        private final boolean timestamps;
        private long[] values;

        Longs(String name, boolean timestamps, int expectedRows) {
            super(name, false);
            this.timestamps = timestamps;
            values = new long[expectedRows];
        }

        void add(long value) {
            if (rows == values.length) {
                values = Arrays.copyOf(values, Math.max(16, rows * 2));
            }
            values[rows] = value;
            row();
        }

        @Override
        Type type() {
            return timestamps ? Type.INT64 : Type.INT32;
        }

        @Override
        Bytes values() {
            Bytes out = new Bytes(rows * (timestamps ? Long.BYTES : Integer.BYTES));
            for (int r = 0; r < rows; r++) {
                if (timestamps) {
                    out.putLong(values[r]);
                } else {
                    out.putInt((int) values[r]);
                }
            }
            return out;
        }

        /** The range of times, by which readers skip row groups outside a window. */
        @Override
        Statistics statistics() {
            Statistics statistics = super.statistics();
            if (timestamps && rows > 0) {
                LongSummaryStatistics range = Arrays.stream(values, 0, rows).summaryStatistics();
                statistics.setMin_value(littleEndian(range.getMin())).setMax_value(littleEndian(range.getMax()));
            }
            return statistics;
        }

        private static byte[] littleEndian(long value) {
            return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
        }

        @Override
        SchemaElement schema() {
            return timestamps ? super.schema().setLogicalType(LogicalType.TIMESTAMP(
                    new TimestampType(false, TimeUnit.MICROS(new MicroSeconds())))) : super.schema();
        }
    }

    /**
     * UTF-8 texts, dictionary-encoded while they have at most {@link #MAX_DICTIONARY} distinct values (labels,
     * categories, variants) and plain past that or when {@code dictionary} is off (request ids).
     */
    static final class Texts extends SegmentColumn {

        private final Map<String, Integer> codes;
        private final List<byte[]> distinct = new ArrayList<>();
        private final int expectedRows;
        private int[] indices;
        private int present;
        private Bytes plain;

        /** Texts, dictionary-coded when {@code dictionary}; plain ones are expected to be about 40 bytes. */
        Texts(String name, boolean optional, boolean dictionary, int expectedRows) {
            super(name, optional);
            this.expectedRows = expectedRows;
            this.codes = dictionary ? new HashMap<>() : null;
            this.indices = new int[dictionary ? expectedRows : 0];
            this.plain = dictionary ? null : new Bytes(expectedRows * PLAIN_BYTES);
        }

        void add(String value) {
            if (value == null) {
                nullRow();
                return;
            }
            row();
            if (plain != null) {
                putPlain(value.getBytes(StandardCharsets.UTF_8));
                return;
            }
            Integer code = codes.get(value);
            if (code == null) {
                code = distinct.size();
                codes.put(value, code);
                distinct.add(value.getBytes(StandardCharsets.UTF_8));
                if (distinct.size() > MAX_DICTIONARY) {
                    fallBackToPlain();
                    putPlain(distinct.get(code));
                    return;
                }
            }
            if (present == indices.length) {
                indices = Arrays.copyOf(indices, Math.max(16, present * 2));
            }
            indices[present++] = code;
        }

        private void fallBackToPlain() {
            plain = new Bytes(expectedRows * PLAIN_BYTES);
            for (int i = 0; i < present; i++) {
                putPlain(distinct.get(indices[i]));
            }
        }

        private void putPlain(byte[] utf8) {
            plain.putInt(utf8.length);
            plain.put(utf8);
        }

        @Override
        Type type() {
            return Type.BYTE_ARRAY;
        }

        /** Whether the values are dictionary codes: there were some, and not too many distinct ones. */
        private boolean coded() {
            return plain == null && !distinct.isEmpty();
        }

        @Override
        Encoding encoding() {
            return coded() ? Encoding.RLE_DICTIONARY : Encoding.PLAIN;
        }

        @Override
        Bytes values() {
            if (!coded()) {
                return plain == null ? new Bytes() : plain;
            }
            Bytes out = new Bytes();
            int width = Math.max(1, 32 - Integer.numberOfLeadingZeros(distinct.size() - 1));
            out.putByte(width);
            if (distinct.size() == 1) {
                rleRun(out, present, 0);
            } else {
                bitPacked(out, indices, present, width);
            }
            return out;
        }

        @Override
        Bytes dictionary() {
            if (!coded()) {
                return null;
            }
            Bytes out = new Bytes();
            for (byte[] value : distinct) {
                out.putInt(value.length);
                out.put(value);
            }
            return out;
        }

        @Override
        int dictionarySize() {
            return coded() ? distinct.size() : 0;
        }

        @Override
        SchemaElement schema() {
            return super.schema().setConverted_type(ConvertedType.UTF8)
                    .setLogicalType(LogicalType.STRING(new StringType()));
        }
    }
}
