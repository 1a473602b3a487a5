package org.tonbo4j.internal.sst;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.DictionaryPageHeader;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.internal.column.columnindex.ColumnIndex;
import org.apache.parquet.internal.column.columnindex.OffsetIndex;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.internal.hadoop.metadata.IndexReference;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.tonbo4j.ColumnType;
import org.tonbo4j.CorruptionException;

/**
 * Reads the values of single rows of one SST straight from its data pages, for point lookups.
 * The offset index of a column chunk (read once, then kept here) locates the page that holds a
 * row; the page is read with one positional read, its CRC checked, decompressed, and only the
 * values before the row in that page are skipped, never decoded. Decompressed pages and decoded
 * dictionaries are kept in the table's {@link BlockCache} by file offset, so a lookup that comes
 * back to a page costs neither a read nor a decompression, and a dictionary is decoded once per
 * column chunk, not once per lookup as Parquet's column readers do.
 *
 * <p>Handles what SSTs contain: version-1 data pages of non-repeated columns, any value encoding
 * Parquet reads. A chunk without an offset index is reported to the caller ({@link #readRow}
 * returns false), which then reads through Parquet's own reader. Malformed bytes are a
 * {@link CorruptionException}; storage failures pass through as
 * {@link StorageInputFile.StorageIOException}. Thread-safe.
 */
final class PageReads {
    private static final ParquetMetadataConverter CONVERTER = new ParquetMetadataConverter();

    private final String fileName;
    private final StorageInputFile input;
    private final List<BlockMetaData> blocks;
    private final ColumnDescriptor[] descriptors;
    /** The engine type of each file column (the system columns: INT64 sequence, BOOLEAN tombstone). */
    private final ColumnType[] types;
    private final BlockCache cache;
    /** Per row group and file column, the chunk's page locations once read (index rg * columns + column). */
    private final AtomicReferenceArray<Chunk> chunks;

    PageReads(String fileName, StorageInputFile input, List<BlockMetaData> blocks, ColumnDescriptor[] descriptors,
              ColumnType[] types, BlockCache cache) {
        this.fileName = fileName;
        this.input = input;
        this.blocks = blocks;
        this.descriptors = descriptors;
        this.types = types;
        this.cache = cache;
        this.chunks = new AtomicReferenceArray<>(blocks.size() * descriptors.length);
    }

    /** A column chunk: its metadata and offset index (null: the file has none for it). */
    private static final class Chunk {
        final ColumnChunkMetaData meta;
        final OffsetIndex pages;
        /** Per page, the smallest and largest value of an integer key column (from its column index), once read. */
        volatile long[][] bounds;

        Chunk(ColumnChunkMetaData meta, OffsetIndex pages) {
            this.meta = meta;
            this.pages = pages;
        }
    }

    /**
     * The rows of the pages of a one-column INT32 or INT64 key, column {@code column} of row
     * group {@code rg}, whose value range holds {@code key} (empty when none does), found by
     * binary search in the pages' minimum and maximum values, read once from the column index.
     * Null when the chunk has no column or offset index. Parquet's own column-index filter
     * converts every page's bounds to buffers on each call; a lookup cannot afford that.
     */
    RowRanges keyPages(int rg, int column, long key) throws IOException {
        Chunk chunk = chunk(rg, column);
        if (chunk.pages == null) {
            return null;
        }
        long[][] bounds = chunk.bounds;
        if (bounds == null) {
            bounds = readBounds(rg, column, chunk);
            if (bounds == null) {
                return null;
            }
            chunk.bounds = bounds;
        }
        long[] min = bounds[0];
        long[] max = bounds[1];
        int lo = 0;
        int hi = max.length;
        while (lo < hi) { // the first page whose max >= key
            int mid = (lo + hi) >>> 1;
            if (max[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int end = lo;
        while (end < min.length && min[end] <= key) {
            end++;
        }
        return org.apache.parquet.internal.filter2.columnindex.RowRanges.create(blocks.get(rg).getRowCount(),
                IntStream.range(lo, end).iterator(), chunk.pages);
    }

    private long[][] readBounds(int rg, int column, Chunk chunk) throws IOException {
        IndexReference ref = chunk.meta.getColumnIndexReference();
        PrimitiveTypeName physical = descriptors[column].getPrimitiveType().getPrimitiveTypeName();
        if (ref == null || (physical != PrimitiveTypeName.INT32 && physical != PrimitiveTypeName.INT64)) {
            return null;
        }
        byte[] bytes = new byte[ref.getLength()];
        input.readAt(ref.getOffset(), bytes, 0, bytes.length);
        ColumnIndex index;
        try {
            index = ParquetMetadataConverter.fromParquetColumnIndex(descriptors[column].getPrimitiveType(),
                    Util.readColumnIndex(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            throw new CorruptionException(fileName, ref.getOffset(), "cannot read the column index of column "
                    + descriptors[column] + " in row group " + rg + ": " + e.getMessage(), e);
        }
        if (index == null) {
            return null;
        }
        List<ByteBuffer> mins = index.getMinValues();
        List<ByteBuffer> maxs = index.getMaxValues();
        int n = chunk.pages.getPageCount();
        if (mins.size() != n || maxs.size() != n) {
            throw corrupt(ref.getOffset(), "the column index of column " + descriptors[column] + " in row group " + rg
                    + " has " + mins.size() + " pages, its offset index " + n);
        }
        long[] min = new long[n];
        long[] max = new long[n];
        for (int i = 0; i < n; i++) {
            min[i] = integer(mins.get(i), physical);
            max[i] = integer(maxs.get(i), physical);
            if (min[i] > max[i] || (i > 0 && min[i] < max[i - 1])) {
                throw corrupt(ref.getOffset(), "the pages of key column " + descriptors[column] + " in row group " + rg
                        + " are out of order at page " + i);
            }
        }
        return new long[][] {min, max};
    }

    private static long integer(ByteBuffer b, PrimitiveTypeName physical) {
        ByteBuffer le = b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return physical == PrimitiveTypeName.INT32 ? le.getInt(le.position()) : le.getLong(le.position());
    }

    /** A decompressed data page and what its header says about the bytes. */
    private record Page(byte[] data, int values, Encoding repetition, Encoding definition, Encoding encoding) {
        long heapBytes() {
            return data.length + 96L;
        }
    }

    /**
     * Reads row {@code row} of row group {@code rg} in the file columns {@code columns} into
     * {@code out[column]}. Returns false, having read nothing, when a chunk has no offset index.
     */
    boolean readRow(int rg, long row, int[] columns, Object[] out) throws IOException {
        if (!indexed(rg, columns)) {
            return false;
        }
        for (int c : columns) {
            out[c] = value(rg, c, row);
        }
        return true;
    }

    /** Whether every one of these file columns has an offset index in row group {@code rg}. */
    boolean indexed(int rg, int... columns) throws IOException {
        for (int column : columns) {
            if (chunk(rg, column).pages == null) {
                return false;
            }
        }
        return true;
    }

    /** The engine value in row {@code row} of a file column; the chunk must have an offset index ({@link #indexed}). */
    Object value(int rg, int column, long row) throws IOException {
        ColumnType type = types[column];
        Chunk chunk = chunk(rg, column);
        OffsetIndex pages = chunk.pages;
        long rows = blocks.get(rg).getRowCount();
        if (row < 0 || row >= rows) {
            throw new IllegalArgumentException("row " + row + " outside row group " + rg + " of " + rows + " rows");
        }
        int lo = 0;
        int hi = pages.getPageCount() - 1;
        while (lo < hi) { // the last page whose first row is at most row
            int mid = (lo + hi + 1) >>> 1;
            if (pages.getFirstRowIndex(mid) <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        long first = pages.getFirstRowIndex(lo);
        if (first > row) {
            throw corrupt(pages.getOffset(lo), "the offset index of column " + descriptors[column] + " in row group "
                    + rg + " starts at row " + first);
        }
        Page page = page(chunk, lo);
        int position = (int) (row - first);
        if (position >= page.values) {
            throw corrupt(pages.getOffset(lo), "a page of column " + descriptors[column] + " in row group " + rg
                    + " holds " + page.values + " values, row " + row + " is " + position + " into it");
        }
        ColumnDescriptor d = descriptors[column];
        try {
            ByteBufferInputStream in = ByteBufferInputStream.wrap(ByteBuffer.wrap(page.data));
            page.repetition.getValuesReader(d, ValuesType.REPETITION_LEVEL).initFromPage(page.values, in);
            ValuesReader levels = page.definition.getValuesReader(d, ValuesType.DEFINITION_LEVEL);
            levels.initFromPage(page.values, in);
            int maxDef = d.getMaxDefinitionLevel();
            int before = position;
            if (maxDef > 0) {
                before = 0;
                for (int i = 0; i < position; i++) {
                    if (levels.readInteger() == maxDef) {
                        before++;
                    }
                }
                if (levels.readInteger() != maxDef) {
                    return null;
                }
            }
            ValuesReader values = page.encoding.usesDictionary()
                    ? page.encoding.getDictionaryBasedValuesReader(d, ValuesType.VALUES, dictionary(chunk, rg, column))
                    : page.encoding.getValuesReader(d, ValuesType.VALUES);
            values.initFromPage(page.values, in);
            if (before > 0) {
                values.skip(before);
            }
            return convert(type, values);
        } catch (CorruptionException | StorageInputFile.StorageIOException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptionException(fileName, pages.getOffset(lo), "cannot decode a page of column " + d
                    + " in row group " + rg + ": " + e.getMessage(), e);
        }
    }

    private static Object convert(ColumnType type, ValuesReader r) {
        switch (type.kind()) {
            case BOOLEAN: return r.readBoolean();
            case INT8: return (byte) r.readInteger();
            case INT16: return (short) r.readInteger();
            case INT32: return r.readInteger();
            case DATE: return BoxCache.date(r.readInteger());
            case INT64: return r.readLong();
            case TIMESTAMP: return ValueCodec.localDateTime(r.readLong());
            case TIMESTAMP_TZ: return ValueCodec.instant(r.readLong());
            case FLOAT32: return r.readFloat();
            case FLOAT64: return r.readDouble();
            case STRING: return r.readBytes().toStringUsingUTF8();
            case BINARY: return r.readBytes().getBytes();
            case DECIMAL:
                if (type.precision() <= 9) {
                    return BoxCache.decimal(r.readInteger(), type.scale());
                }
                if (type.precision() <= 18) {
                    return BoxCache.decimal(r.readLong(), type.scale());
                }
                return new BigDecimal(new BigInteger(r.readBytes().getBytes()), type.scale());
            default:
                throw new AssertionError(type);
        }
    }

    private Chunk chunk(int rg, int column) throws IOException {
        int at = rg * descriptors.length + column;
        Chunk c = chunks.get(at);
        if (c == null) {
            c = loadChunk(rg, column);
            chunks.compareAndSet(at, null, c);
        }
        return c;
    }

    private Chunk loadChunk(int rg, int column) throws IOException {
        BlockMetaData block = blocks.get(rg);
        ColumnChunkMetaData meta = block.getColumns().get(column);
        if (!meta.getPath().equals(ColumnPath.get(descriptors[column].getPath()))) {
            throw corrupt(block.getStartingPos(), "row group " + rg + " holds column " + meta.getPath().toDotString()
                    + " where " + descriptors[column] + " belongs");
        }
        IndexReference ref = meta.getOffsetIndexReference();
        if (ref == null) {
            return new Chunk(meta, null);
        }
        byte[] bytes = new byte[ref.getLength()];
        input.readAt(ref.getOffset(), bytes, 0, bytes.length);
        OffsetIndex pages;
        try {
            pages = ParquetMetadataConverter.fromParquetOffsetIndex(Util.readOffsetIndex(new ByteArrayInputStream(bytes)));
        } catch (IOException | RuntimeException e) {
            throw new CorruptionException(fileName, ref.getOffset(), "cannot read the offset index of column "
                    + descriptors[column] + " in row group " + rg + ": " + e.getMessage(), e);
        }
        if (pages.getPageCount() == 0 || pages.getFirstRowIndex(0) != 0) {
            throw corrupt(ref.getOffset(), "the offset index of column " + descriptors[column] + " in row group " + rg
                    + " does not start at row 0");
        }
        return new Chunk(meta, pages);
    }

    private Page page(Chunk chunk, int index) throws IOException {
        long offset = chunk.pages.getOffset(index);
        Page page = (Page) cache.getAt(fileName, offset);
        if (page == null) {
            byte[] raw = new byte[chunk.pages.getCompressedPageSize(index)];
            input.readAt(offset, raw, 0, raw.length);
            Body body = body(raw, offset, chunk.meta.getCodec(), PageType.DATA_PAGE);
            DataPageHeader h = body.header.getData_page_header();
            if (h == null) {
                throw corrupt(offset, "a data page without its header fields");
            }
            page = new Page(body.data, h.getNum_values(), CONVERTER.getEncoding(h.getRepetition_level_encoding()),
                    CONVERTER.getEncoding(h.getDefinition_level_encoding()), CONVERTER.getEncoding(h.getEncoding()));
            cache.putAt(fileName, offset, page, page.heapBytes());
        }
        return page;
    }

    private Dictionary dictionary(Chunk chunk, int rg, int column) throws IOException {
        ColumnChunkMetaData meta = chunk.meta;
        long offset = meta.getDictionaryPageOffset();
        if (!meta.hasDictionaryPage() || offset <= 0 || offset >= meta.getFirstDataPageOffset()) {
            throw corrupt(meta.getFirstDataPageOffset(), "a dictionary-encoded page of column " + meta.getPath().toDotString()
                    + " in row group " + rg + " but no dictionary page");
        }
        Dictionary dict = (Dictionary) cache.getAt(fileName, offset);
        if (dict == null) {
            long length = meta.getFirstDataPageOffset() - offset;
            if (length > Integer.MAX_VALUE - 8) {
                throw corrupt(offset, "a dictionary page of " + length + " bytes");
            }
            byte[] raw = new byte[(int) length];
            input.readAt(offset, raw, 0, raw.length);
            Body body = body(raw, offset, meta.getCodec(), PageType.DICTIONARY_PAGE);
            DictionaryPageHeader h = body.header.getDictionary_page_header();
            if (h == null) {
                throw corrupt(offset, "a dictionary page without its header fields");
            }
            Encoding encoding = CONVERTER.getEncoding(h.getEncoding());
            DictionaryPage page = new DictionaryPage(BytesInput.from(body.data), h.getNum_values(), encoding);
            dict = encoding.initDictionary(descriptors[column], page);
            cache.putAt(fileName, offset, dict, 2L * body.data.length + 48L * h.getNum_values() + 96);
        }
        return dict;
    }

    private record Body(PageHeader header, byte[] data) {
    }

    /** Parses a page's header, checks its CRC and decompresses its body. */
    private Body body(byte[] raw, long offset, CompressionCodecName codec, PageType expected) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(raw);
        PageHeader header;
        try {
            header = Util.readPageHeader(in);
        } catch (IOException | RuntimeException e) {
            throw new CorruptionException(fileName, offset, "cannot read a page header: " + e.getMessage(), e);
        }
        int headerBytes = raw.length - in.available();
        if (header.getType() != expected) {
            throw corrupt(offset, "a " + header.getType() + " page where a " + expected + " page belongs");
        }
        int compressed = header.getCompressed_page_size();
        if (compressed < 0 || compressed > raw.length - headerBytes || header.getUncompressed_page_size() < 0) {
            throw corrupt(offset, "a page of " + compressed + " compressed bytes in " + (raw.length - headerBytes));
        }
        if (header.isSetCrc()) {
            CRC32 crc = new CRC32();
            crc.update(raw, headerBytes, compressed);
            if ((int) crc.getValue() != header.getCrc()) {
                throw corrupt(offset, "page checksum mismatch");
            }
        }
        byte[] data;
        if (codec == CompressionCodecName.UNCOMPRESSED) {
            data = Arrays.copyOfRange(raw, headerBytes, headerBytes + compressed);
        } else {
            try {
                data = PureJavaCodecs.INSTANCE.getDecompressor(codec)
                        .decompress(BytesInput.from(raw, headerBytes, compressed), header.getUncompressed_page_size())
                        .toByteArray();
            } catch (IOException | RuntimeException e) {
                throw new CorruptionException(fileName, offset, "cannot decompress a page: " + e.getMessage(), e);
            }
        }
        return new Body(header, data);
    }

    private CorruptionException corrupt(long offset, String what) {
        return new CorruptionException(fileName, offset, what);
    }
}
