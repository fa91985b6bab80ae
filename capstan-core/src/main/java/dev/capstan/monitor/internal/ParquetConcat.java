package dev.capstan.monitor.internal;

import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Merges Parquet files of one schema into one by copying their row groups byte for byte and writing a footer that
 * lists them all at their new offsets: merging costs a file copy, not a decoding and re-encoding of every value.
 */
public final class ParquetConcat {

    static final byte[] MAGIC = {'P', 'A', 'R', '1'};

    private ParquetConcat() {
    }

    /** A Parquet file's footer. */
    public static FileMetaData footer(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            ByteBuffer tail = read(in, size - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
            int length = tail.getInt();
            byte[] magic = new byte[4];
            tail.get(magic);
            if (size < 12 + (long) length || length < 0 || !Arrays.equals(magic, MAGIC)) {
                throw new IOException(file + " is not a Parquet file");
            }
            ByteBuffer footer = read(in, size - 8 - length, length);
            return Util.readFileMetaData(new ByteArrayInputStream(footer.array()));
        }
    }

    /**
     * Whether {@link #concat} can merge the files these footers belong to: one schema, all data inside them, and no
     * page indexes or Bloom filters, whose own offsets a copy would leave pointing at the old places.
     */
    public static boolean mergeable(List<FileMetaData> footers) {
        return footers.stream().allMatch(f -> f.getSchema().equals(footers.get(0).getSchema())
                && f.getRow_groups().stream().flatMap(g -> g.getColumns().stream()).noneMatch(c ->
                        c.isSetFile_path() || c.isSetCrypto_metadata() || c.isSetOffset_index_offset()
                                || c.isSetColumn_index_offset() || c.getMeta_data().isSetBloom_filter_offset()));
    }

    /** Writes {@code files}, whose {@code footers} are {@link #mergeable}, as one file {@code out}. */
    public static void concat(List<Path> files, List<FileMetaData> footers, Path out) throws IOException {
        try (FileChannel to = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            to.write(ByteBuffer.wrap(MAGIC));
            List<RowGroup> groups = new ArrayList<>();
            long rows = 0;
            for (int f = 0; f < files.size(); f++) {
                long shift = to.position() - MAGIC.length;
                try (FileChannel from = FileChannel.open(files.get(f), StandardOpenOption.READ)) {
                    long dataEnd = from.size() - 8 - footerLength(from);
                    for (long done = MAGIC.length; done < dataEnd; ) {
                        done += from.transferTo(done, dataEnd - done, to);
                    }
                }
                for (RowGroup group : footers.get(f).getRow_groups()) {
                    groups.add(shifted(group, shift));
                }
                rows += footers.get(f).getNum_rows();
            }
            FileMetaData merged = new FileMetaData(footers.get(0)).setRow_groups(groups).setNum_rows(rows);
            ByteArrayOutputStream footer = new ByteArrayOutputStream();
            writeFooter(merged, footer);
            to.write(ByteBuffer.wrap(footer.toByteArray()));
            to.force(true);
        }
    }

    /** Writes a footer: its metadata, the metadata's length and the closing magic. */
    static void writeFooter(FileMetaData footer, OutputStream out) throws IOException {
        ByteArrayOutputStream metadata = new ByteArrayOutputStream();
        Util.writeFileMetaData(footer, metadata);
        metadata.writeTo(out);
        out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(metadata.size()).array());
        out.write(MAGIC);
    }

    /** A copy of the row group with every offset into the file moved by {@code shift} bytes. */
    private static RowGroup shifted(RowGroup group, long shift) {
        RowGroup copy = new RowGroup(group);
        if (copy.isSetFile_offset()) {
            copy.setFile_offset(copy.getFile_offset() + shift);
        }
        for (ColumnChunk chunk : copy.getColumns()) {
            chunk.setFile_offset(chunk.getFile_offset() + shift);
            ColumnMetaData metadata = chunk.getMeta_data();
            metadata.setData_page_offset(metadata.getData_page_offset() + shift);
            if (metadata.isSetDictionary_page_offset()) {
                metadata.setDictionary_page_offset(metadata.getDictionary_page_offset() + shift);
            }
            if (metadata.isSetIndex_page_offset()) {
                metadata.setIndex_page_offset(metadata.getIndex_page_offset() + shift);
            }
        }
        return copy;
    }

    private static int footerLength(FileChannel in) throws IOException {
        return read(in, in.size() - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private static ByteBuffer read(FileChannel in, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (in.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buffer.flip();
    }
}
