package dev.capstan.monitor.internal;

import dev.capstan.monitor.LoggedValues;
import dev.capstan.monitor.PredictionLog;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.ColumnOrder;
import org.apache.parquet.format.CompressionCodec;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.TypeDefinedOrder;
import org.apache.parquet.format.Util;
import org.xerial.snappy.Snappy;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes prediction log segments: one Parquet file of one row group per layout and flush, each column one page
 * (texts with few distinct values behind a dictionary page), compressed with Snappy where that pays, the footer in
 * the Parquet project's own Thrift structures. It exists because DuckDB's Java appender and {@code COPY} cost about
 * 2 µs per row on the serving machine, and Parquet's Java column writers 1.5 µs; collecting whole columns and
 * writing each at once costs a fraction of that (BENCHMARKS.md §10). Segments of one layout share their schema, so
 * {@link ParquetConcat} merges them by copying their row groups.
 */
public final class SegmentWriter {

    private static final String CREATED_BY = "capstan prediction log";

    private SegmentWriter() {
    }

    /** Writes the entries, which share one layout, to {@code file}. */
    public static void write(List<PredictionLog.Entry> entries, Path file) throws IOException {
        LoggedValues.Layout layout = entries.get(0).values().layout();
        int rows = entries.stream().mapToInt(e -> e.values().rows()).sum();
        SegmentColumn.Texts requestIds = new SegmentColumn.Texts("request_id", false, false, rows);
        SegmentColumn.Longs times = new SegmentColumn.Longs("time", true, rows);
        SegmentColumn.Texts variants = new SegmentColumn.Texts("variant", true, true, rows);
        SegmentColumn.Doubles latencies = new SegmentColumn.Doubles("latency_ms", false, rows);
        SegmentColumn.Longs rowNumbers = new SegmentColumn.Longs("row", false, rows);
        List<SegmentColumn> columns = new ArrayList<>(List.of(requestIds, times, variants, latencies, rowNumbers));
        SegmentColumn.Doubles[] numbers = new SegmentColumn.Doubles[layout.numericCount()];
        SegmentColumn.Texts[] texts = new SegmentColumn.Texts[layout.columns().size() - numbers.length];
        for (int c = 0, n = 0, t = 0; c < layout.columns().size(); c++) {
            String name = layout.columns().get(c);
            columns.add(layout.numeric(c) ? (numbers[n++] = new SegmentColumn.Doubles(name, true, rows))
                    : (texts[t++] = new SegmentColumn.Texts(name, true, true, rows)));
        }
        for (PredictionLog.Entry entry : entries) {
            LoggedValues values = entry.values();
            for (int r = 0; r < values.rows(); r++) {
                requestIds.add(entry.requestId());
                times.add(entry.timeMillis() * 1000);
                variants.add(entry.variant());
                latencies.add(entry.latencyMillis());
                rowNumbers.add(r);
                for (int n = 0; n < numbers.length; n++) {
                    numbers[n].add(values.numbers()[r * numbers.length + n]);
                }
                for (int t = 0; t < texts.length; t++) {
                    texts[t].add(values.texts()[r * texts.length + t]);
                }
            }
        }
        writeFile(columns, rows, file);
    }

    private static void writeFile(List<SegmentColumn> columns, long rows, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(ParquetConcat.MAGIC);
            long offset = ParquetConcat.MAGIC.length;
            List<ColumnChunk> chunks = new ArrayList<>();
            List<SchemaElement> schema = new ArrayList<>();
            schema.add(new SchemaElement("prediction").setNum_children(columns.size()));
            long rowGroupBytes = 0;
            for (SegmentColumn column : columns) {
                ByteArrayOutputStream chunk = new ByteArrayOutputStream();
                Set<Encoding> encodings = new LinkedHashSet<>(List.of(Encoding.RLE));
                Bytes data = column.dataPage();
                CompressionCodec codec = codec(data);
                long uncompressed = 0;
                long dataPageOffset = offset;
                Bytes dictionary = column.dictionary();
                if (dictionary != null) {
                    uncompressed += page(chunk, dictionary, codec, (raw, size) -> new PageHeader(
                            PageType.DICTIONARY_PAGE, raw, size).setDictionary_page_header(new DictionaryPageHeader(
                            column.dictionarySize(), Encoding.PLAIN)));
                    encodings.add(Encoding.PLAIN);
                    dataPageOffset += chunk.size();
                }
                uncompressed += page(chunk, data, codec, (raw, size) -> new PageHeader(PageType.DATA_PAGE, raw,
                        size).setData_page_header(new DataPageHeader(column.rows, column.encoding(), Encoding.RLE,
                        Encoding.RLE)));
                encodings.add(column.encoding());
                ColumnMetaData metadata = new ColumnMetaData(column.type(), List.copyOf(encodings),
                        List.of(column.name), codec, column.rows, uncompressed, chunk.size(), dataPageOffset)
                        .setStatistics(column.statistics());
                if (dictionary != null) {
                    metadata.setDictionary_page_offset(offset);
                }
                chunks.add(new ColumnChunk(offset).setMeta_data(metadata));
                schema.add(column.schema());
                chunk.writeTo(out);
                offset += chunk.size();
                rowGroupBytes += uncompressed;
            }
            FileMetaData footer = new FileMetaData(1, schema, rows, List.of(new RowGroup(chunks, rowGroupBytes, rows)))
                    .setCreated_by(CREATED_BY)
                    .setColumn_orders(columns.stream().map(c -> ColumnOrder.TYPE_ORDER(new TypeDefinedOrder()))
                            .toList());
            ParquetConcat.writeFooter(footer, out);
        }
    }

    /** A page's header, given its uncompressed and compressed sizes. */
    private interface Header {
        PageHeader of(int uncompressedSize, int compressedSize);
    }

    /**
     * Writes a page behind its header, compressed unless {@code codec} is uncompressed; returns its uncompressed size,
     * header included.
     */
    private static long page(ByteArrayOutputStream out, Bytes page, CompressionCodec codec, Header header)
            throws IOException {
        byte[] bytes = page.array();
        int size = page.size();
        if (codec == CompressionCodec.SNAPPY) {
            bytes = new byte[Snappy.maxCompressedLength(page.size())];
            size = Snappy.compress(page.array(), 0, page.size(), bytes, 0);
        }
        int before = out.size();
        Util.writePageHeader(header.of(page.size(), size), out);
        int headerSize = out.size() - before;
        out.write(bytes, 0, size);
        return headerSize + page.size();
    }

    /**
     * Snappy, unless the page's first 64 KB shrink by less than a tenth: continuous numbers do not compress, and
     * trying costs as much as writing them.
     */
    private static CompressionCodec codec(Bytes page) throws IOException {
        int sample = Math.min(page.size(), 64 * 1024);
        byte[] compressed = new byte[Snappy.maxCompressedLength(sample)];
        int size = Snappy.compress(page.array(), 0, sample, compressed, 0);
        return size < 0.9 * sample ? CompressionCodec.SNAPPY : CompressionCodec.UNCOMPRESSED;
    }
}
