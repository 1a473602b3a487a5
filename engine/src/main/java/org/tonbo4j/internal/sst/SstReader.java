package org.tonbo4j.internal.sst;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.filter2.columnindex.RowRanges;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.internal.filter2.columnindex.ColumnIndexFilter;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.Schema;
import org.tonbo4j.SchemaMismatchException;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.SchemaCodec;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.storage.ReadableFile;
import org.tonbo4j.storage.Storage;

/**
 * Reads one SST file. Opening reads and checks the footer (format version, schema); the
 * footer, per-row-group key ranges and bloom filters stay in memory while it is open.
 * Thread-safe: many threads may read row groups and get keys at once.
 *
 * <p>Each read creates its own cheap {@link ParquetFileReader} over the shared footer and file
 * (Parquet's reader is stateful), asks it only for the column chunks it needs, and caches the
 * decoded key block and value columns in the {@link BlockCache}. Malformed bytes surface as
 * {@link CorruptionException}; storage failures as the storage's own {@link IOException}.
 */
public final class SstReader implements AutoCloseable {
    /**
     * On remote files, point lookups in a row group whose keys are not cached read only the pages
     * that may hold the key; after this many, the row group is "hot" and its whole key block is
     * decoded and cached instead (if the cache has room; see {@code worthCachingKeys}).
     */
    static final int PAGE_LOOKUPS_BEFORE_CACHING = 8;
    /** On remote files, further lookups in a row group with a cached key block before its value columns are cached. */
    static final int VALUE_LOOKUPS_BEFORE_CACHING = 24;

    private final String fileName;
    /** The schema the file was written with: a prefix of the table's (columns are only appended). */
    private final Schema schema;
    /** The table's columns: outputs are this wide; the ones past the file's read as their defaults. */
    private final int tableWidth;
    private final Schema tableSchema;
    private final Object[] addedDefaults;
    private final BlockCache cache;
    private final ReadableFile file;
    private final StorageInputFile input;
    private final ParquetMetadata footer;
    private final List<BlockMetaData> blocks;
    private final byte[][] minKeys;
    private final byte[][] maxKeys;
    /** Per row group and key column, the bloom filter's stored CRC-32C text (null: none; all null for older files). */
    private final String[][] bloomCrcs;
    private final long rowCount;
    private final RowGroupDecoder decoder;
    private final AtomicReferenceArray<BloomFilter[]> blooms;
    /**
     * Whether the file is remote ({@link ReadableFile#isRemote()}): then even a cache with room
     * is warmed only by row groups hot enough to have had {@link #PAGE_LOOKUPS_BEFORE_CACHING}
     * page lookups, since decoding a row group costs its whole download.
     */
    private final boolean remote;
    /** Read options of point-lookup readers (caching decompressed pages), null without a cache. */
    private final ParquetReadOptions lookupOptions;
    private final LookupReaders lookupReaders;
    /** Page-index lookups per row group; past {@link #PAGE_LOOKUPS_BEFORE_CACHING} its key block is cached. */
    private final AtomicIntegerArray lookups;
    /** Estimated heap bytes of each user column decoded for the whole file ({@link #decodedEstimate}). */
    private final long[] decodedBytes;
    /** Estimated heap bytes of the file's key blocks (keys, key columns, sequences, tombstones). */
    private final long keyBlockBytes;
    private final boolean[] isKey;
    /** User columns that are not key columns, in schema order. */
    private final int[] valueColumns;
    /** Single rows read straight from pages, for point lookups. */
    private final PageReads pageReads;
    private volatile boolean closed;

    private SstReader(String fileName, Schema schema, Schema tableSchema, BlockCache cache, ReadableFile file,
                      StorageInputFile input, ParquetMetadata footer, byte[][] minKeys, byte[][] maxKeys,
                      String[][] bloomCrcs) {
        this.fileName = fileName;
        this.schema = schema;
        this.tableWidth = tableSchema.columnCount();
        this.tableSchema = tableSchema;
        this.addedDefaults = new Object[tableWidth - schema.columnCount()];
        for (int c = schema.columnCount(); c < tableWidth; c++) {
            addedDefaults[c - schema.columnCount()] = tableSchema.column(c).defaultValue();
        }
        this.cache = cache;
        this.file = file;
        this.remote = file.isRemote();
        this.lookupOptions = cache.capacityBytes() == 0 ? null
                : HadoopFreeReadOptions.with(new PageCachingCodecs(cache, fileName));
        this.lookupReaders = new LookupReaders(this::newLookupReader);
        this.input = input;
        this.footer = footer;
        this.blocks = footer.getBlocks();
        this.minKeys = minKeys;
        this.maxKeys = maxKeys;
        this.bloomCrcs = bloomCrcs;
        long n = 0;
        for (BlockMetaData b : blocks) {
            n += b.getRowCount();
        }
        this.rowCount = n;
        this.decoder = new RowGroupDecoder(fileName, schema, footer.getFileMetaData().getSchema(),
                footer.getFileMetaData().getCreatedBy());
        this.blooms = new AtomicReferenceArray<>(blocks.size());
        this.lookups = new AtomicIntegerArray(blocks.size());
        this.isKey = new boolean[schema.columnCount()];
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            isKey[schema.keyIndex(i)] = true;
        }
        this.valueColumns = new int[schema.columnCount() - schema.keyColumnCount()];
        for (int c = 0, v = 0; c < isKey.length; c++) {
            if (!isKey[c]) {
                valueColumns[v++] = c;
            }
        }
        this.decodedBytes = new long[schema.columnCount()];
        for (BlockMetaData b : blocks) {
            for (ColumnChunkMetaData chunk : b.getColumns()) {
                int c = schema.indexOf(chunk.getPath().toDotString());
                if (c >= 0) {
                    decodedBytes[c] += decodedEstimate(schema.column(c).type(), b.getRowCount(), chunk.getTotalUncompressedSize());
                }
            }
        }
        long keys = rowCount * 17; // sequence numbers and tombstones
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            keys += 2 * decodedBytes[schema.keyIndex(i)]; // the key column and its share of the encoded keys
        }
        this.keyBlockBytes = keys;
        ColumnDescriptor[] fileColumns = footer.getFileMetaData().getSchema().getColumns().toArray(new ColumnDescriptor[0]);
        org.tonbo4j.ColumnType[] fileTypes = new org.tonbo4j.ColumnType[fileColumns.length];
        for (int c = 0; c < schema.columnCount(); c++) {
            fileTypes[c] = schema.column(c).type();
        }
        fileTypes[ParquetSchemas.seqIndex(schema)] = org.tonbo4j.ColumnType.INT64;
        fileTypes[ParquetSchemas.tombstoneIndex(schema)] = org.tonbo4j.ColumnType.BOOLEAN;
        this.pageReads = new PageReads(fileName, input, blocks, fileColumns, fileTypes, cache);
    }

    /**
     * A generous estimate of a column chunk's decoded heap size: 8 bytes a value for fixed-width
     * types (16 for wide decimals); for strings and binaries their bytes (at least 8 a value, as
     * a dictionary-encoded chunk is far smaller than its values) plus a 4-byte offset each.
     */
    private static long decodedEstimate(org.tonbo4j.ColumnType type, long rows, long uncompressedBytes) {
        switch (type.kind()) {
            case STRING:
            case BINARY:
                return rows * 4 + Math.max(uncompressedBytes, rows * 8);
            case DECIMAL:
                return rows * (type.precision() > 18 ? 16 : 8);
            default:
                return rows * 8;
        }
    }

    /**
     * Opens a file. Throws {@link org.tonbo4j.CorruptionException} (naming the file) if it is not a
     * valid SST of this format version, and {@link org.tonbo4j.SchemaMismatchException} if its
     * schema is neither {@code schema} nor an older version of it (a prefix of its columns, the same
     * key). Rows of an older file read the columns added since as their defaults (or null).
     *
     * @param cache shared cache of decoded column data (may be {@link BlockCache#disabled()})
     */
    public static SstReader open(Storage storage, String fileName, Schema schema, BlockCache cache) throws IOException {
        ReadableFile file = storage.open(fileName);
        try {
            StorageInputFile input = new StorageInputFile(file, fileName);
            ParquetMetadata footer;
            try (SeekableInputStream in = input.newStream()) {
                footer = ParquetFileReader.readFooter(input, HadoopFreeReadOptions.get(), in);
            } catch (IOException | RuntimeException | NoClassDefFoundError e) {
                throw translate(fileName, e, input.getLength() - 8, "unreadable Parquet footer");
            }
            SstReader r = validate(fileName, schema, cache, file, input, footer);
            file = null;
            return r;
        } finally {
            if (file != null) {
                file.close();
            }
        }
    }

    private static SstReader validate(String fileName, Schema schema, BlockCache cache, ReadableFile file,
                                      StorageInputFile input, ParquetMetadata footer) {
        Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
        String version = kv.get(SstFooter.VERSION_KEY);
        if (version == null) {
            throw new CorruptionException(fileName, -1, "not a tonbo SST: no " + SstFooter.VERSION_KEY + " in the footer");
        }
        if (!SstFooter.FORMAT_VERSION.equals(version)) {
            throw new CorruptionException(fileName, -1, "unsupported SST format version " + version);
        }
        String schemaText = kv.get(SstFooter.SCHEMA_KEY);
        Schema fileSchema;
        try {
            fileSchema = SchemaCodec.fromText(schemaText == null ? "" : schemaText);
        } catch (IllegalArgumentException e) {
            throw new CorruptionException(fileName, -1, "bad " + SstFooter.SCHEMA_KEY + ": " + e.getMessage(), e);
        }
        if (!isOlderVersion(fileSchema, schema)) {
            throw new SchemaMismatchException("SST " + fileName + " has schema " + fileSchema + ", expected " + schema);
        }
        MessageType expected = ParquetSchemas.messageType(fileSchema);
        if (!expected.equals(footer.getFileMetaData().getSchema())) {
            throw new CorruptionException(fileName, -1, "Parquet schema " + footer.getFileMetaData().getSchema()
                    + " does not match " + SstFooter.SCHEMA_KEY);
        }
        int groups = footer.getBlocks().size();
        byte[][] minKeys;
        byte[][] maxKeys;
        try {
            minKeys = SstFooter.splitBase64(kv.getOrDefault(SstFooter.ROW_GROUP_MIN_KEYS, ""));
            maxKeys = SstFooter.splitBase64(kv.getOrDefault(SstFooter.ROW_GROUP_MAX_KEYS, ""));
        } catch (IllegalArgumentException e) {
            throw new CorruptionException(fileName, -1, "bad row group key ranges: " + e.getMessage(), e);
        }
        if (groups == 0 || minKeys.length != groups || maxKeys.length != groups) {
            throw new CorruptionException(fileName, -1, "footer has " + groups + " row groups but "
                    + minKeys.length + "/" + maxKeys.length + " key ranges");
        }
        for (int i = 0; i < groups; i++) {
            if (footer.getBlocks().get(i).getRowCount() <= 0 || KeyCodec.compare(minKeys[i], maxKeys[i]) > 0
                    || (i > 0 && KeyCodec.compare(maxKeys[i - 1], minKeys[i]) > 0)) {
                throw new CorruptionException(fileName, -1, "bad key range or row count of row group " + i);
            }
        }
        String[][] bloomCrcs = null;
        String crcText = kv.get(SstFooter.ROW_GROUP_BLOOM_CRCS);
        if (crcText != null) {
            try {
                bloomCrcs = BloomChecksums.split(crcText, groups, fileSchema.keyColumnCount());
            } catch (IllegalArgumentException e) {
                throw new CorruptionException(fileName, -1, "bad " + SstFooter.ROW_GROUP_BLOOM_CRCS + ": " + e.getMessage(), e);
            }
        }
        return new SstReader(fileName, fileSchema, schema, cache, file, input, footer, minKeys, maxKeys, bloomCrcs);
    }

    /**
     * Whether {@code file} is {@code table} or an earlier version of it: the same key, and its
     * columns the first columns of {@code table} (names, types, nullability; defaults may differ).
     */
    static boolean isOlderVersion(Schema file, Schema table) {
        if (file.columnCount() > table.columnCount()
                || !java.util.Arrays.equals(file.keyIndexes(), table.keyIndexes())) {
            return false;
        }
        for (int c = 0; c < file.columnCount(); c++) {
            if (!file.column(c).withoutDefault().equals(table.column(c).withoutDefault())) {
                return false;
            }
        }
        return true;
    }

    /** Fills the columns the file does not have with their defaults (unless not requested). */
    private void fillAdded(Object[] values, boolean[] columns) {
        int w = schema.columnCount();
        for (int c = w; c < tableWidth; c++) {
            if (columns == null || columns[c]) {
                Object d = addedDefaults[c - w];
                values[c] = d instanceof byte[] ? ((byte[]) d).clone() : d;
            }
        }
    }

    /** The single-row page reader of this file (for tests). */
    PageReads pageReads() {
        return pageReads;
    }

    public String fileName() {
        return fileName;
    }

    /**
     * Whether the file may hold tombstones: false only when the statistics of every row group's
     * tombstone column say all its values are false.
     */
    public boolean mayHoldTombstones() {
        int idx = ParquetSchemas.tombstoneIndex(schema);
        for (BlockMetaData b : blocks) {
            org.apache.parquet.column.statistics.Statistics<?> st = b.getColumns().get(idx).getStatistics();
            if (st == null || !st.hasNonNullValue() || !(st instanceof org.apache.parquet.column.statistics.BooleanStatistics)
                    || ((org.apache.parquet.column.statistics.BooleanStatistics) st).getMax()) {
                return true;
            }
        }
        return false;
    }

    /** The types of the table's columns, in schema order. */
    public org.tonbo4j.ColumnType[] columnTypes() {
        org.tonbo4j.ColumnType[] t = new org.tonbo4j.ColumnType[tableSchema.columnCount()];
        for (int c = 0; c < t.length; c++) {
            t[c] = tableSchema.column(c).type();
        }
        return t;
    }

    /** Columns of the table's schema (values arrays and column masks are this wide). */
    public int tableWidth() {
        return tableWidth;
    }

    public long rowCount() {
        return rowCount;
    }

    public int rowGroupCount() {
        return blocks.size();
    }

    /** Rows in a row group. */
    public long rowGroupRowCount(int rowGroup) {
        return blocks.get(rowGroup).getRowCount();
    }

    /** Smallest encoded key of a row group. */
    public byte[] rowGroupMinKey(int rowGroup) {
        return minKeys[rowGroup].clone();
    }

    /** Largest encoded key of a row group. */
    public byte[] rowGroupMaxKey(int rowGroup) {
        return maxKeys[rowGroup].clone();
    }

    /** The Parquet footer (schema, row groups, key-value metadata); callers must not change it. */
    ParquetMetadata footer() {
        return footer;
    }

    /**
     * Decodes a row group. Key columns and system columns are always decoded; other user
     * columns only where {@code columns[c]} is true (null means all).
     */
    public RowGroupData readRowGroup(int rowGroup, boolean[] columns) throws IOException {
        return readRowGroup(rowGroup, columns, true);
    }

    /**
     * As {@link #readRowGroup(int, boolean[])}; with {@code fillCache} false, what had to be
     * decoded is not added to the cache (compaction reads each row group once, and its inputs are
     * deleted right after: caching them would only evict what readers use).
     */
    public RowGroupData readRowGroup(int rowGroup, boolean[] columns, boolean fillCache) throws IOException {
        checkOpen();
        if (rowGroup < 0 || rowGroup >= blocks.size()) {
            throw new IndexOutOfBoundsException("row group " + rowGroup + " of " + blocks.size() + " in " + fileName);
        }
        checkColumns(columns);
        KeyBlock keys = (KeyBlock) cache.get(fileName, rowGroup, BlockCache.KEYS);
        ColumnVector[] values = new ColumnVector[tableWidth];
        int[] missing = new int[schema.columnCount()];
        int missingCount = 0;
        for (int c : valueColumns) {
            if (columns != null && !columns[c]) {
                continue;
            }
            values[c] = (ColumnVector) cache.get(fileName, rowGroup, c);
            if (values[c] == null) {
                missing[missingCount++] = c;
            }
        }
        if (keys == null || missingCount > 0) {
            RowGroupDecoder.Decoded d = decode(rowGroup, keys == null, Arrays.copyOf(missing, missingCount));
            if (keys == null) {
                keys = d.keys;
                checkRange(rowGroup, keys);
                if (fillCache) {
                    cache.put(fileName, rowGroup, BlockCache.KEYS, keys, keys.heapBytes);
                }
            }
            for (int i = 0; i < missingCount; i++) {
                int c = missing[i];
                if (d.columns[c].rows != keys.rows) {
                    throw new CorruptionException(fileName, blocks.get(rowGroup).getStartingPos(),
                            "column " + schema.column(c).name() + " has " + d.columns[c].rows + " rows, keys " + keys.rows);
                }
                values[c] = d.columns[c];
                if (fillCache) {
                    cache.put(fileName, rowGroup, c, values[c], values[c].heapBytes());
                }
            }
        }
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            values[schema.keyIndex(i)] = keys.keyColumns[i];
        }
        for (int c = schema.columnCount(); c < tableWidth; c++) {
            if (columns == null || columns[c]) {
                values[c] = new ColumnVectors.Constant(addedDefaults[c - schema.columnCount()], keys.rows);
            }
        }
        return new RowGroupData(keys, values);
    }

    private void checkRange(int rowGroup, KeyBlock keys) {
        if (keys.rows != blocks.get(rowGroup).getRowCount()
                || !keys.keyEquals(0, minKeys[rowGroup]) || !keys.keyEquals(keys.rows - 1, maxKeys[rowGroup])) {
            throw new CorruptionException(fileName, blocks.get(rowGroup).getStartingPos(),
                    "row group " + rowGroup + " does not match its footer key range or row count");
        }
    }

    private KeyBlock loadKeyBlock(int rowGroup) throws IOException {
        KeyBlock keys = decode(rowGroup, true, new int[0]).keys;
        checkRange(rowGroup, keys);
        cache.put(fileName, rowGroup, BlockCache.KEYS, keys, keys.heapBytes);
        return keys;
    }

    private ColumnVector valueColumn(int rowGroup, int column) throws IOException {
        ColumnVector values = (ColumnVector) cache.get(fileName, rowGroup, column);
        if (values == null) {
            RowGroupDecoder.Decoded d = decode(rowGroup, false, new int[] {column});
            values = d.columns[column];
            cache.put(fileName, rowGroup, column, values, values.heapBytes());
        }
        return values;
    }

    private RowGroupDecoder.Decoded decode(int rowGroup, boolean withKeys, int[] valueColumns) throws IOException {
        long offset = blocks.get(rowGroup).getStartingPos();
        try (ParquetFileReader reader = newReader()) {
            return decoder.decode(reader, rowGroup, offset, withKeys, valueColumns);
        } catch (IOException | RuntimeException | NoClassDefFoundError e) {
            // NoClassDefFoundError: some of Parquet's error messages call a Hadoop-typed getter.
            throw translate(fileName, e, offset, "cannot decode row group " + rowGroup);
        }
    }

    private ParquetFileReader newReader() throws IOException {
        return new ParquetFileReader(input, footer, HadoopFreeReadOptions.get(), input.newStream());
    }

    /** A reader for point lookups: the pages it decompresses stay in the cache. */
    private ParquetFileReader newLookupReader() throws IOException {
        if (lookupOptions == null) {
            return newReader();
        }
        return new ParquetFileReader(input, footer, lookupOptions, input.newStream());
    }

    /**
     * The newest version of {@code key} with sequence at most {@code maxSeq} (a tombstone
     * included), or null if the file has none. Uses key ranges, bloom filters and page indexes
     * to read as little as possible. {@code columns} as in {@link #readRowGroup}.
     *
     * @param keyValues the key column values in key order (for the bloom filters); null skips them
     */
    public Entry get(byte[] key, Object[] keyValues, long maxSeq, boolean[] columns) throws IOException {
        checkOpen();
        checkColumns(columns);
        if (keyValues != null && keyValues.length != schema.keyColumnCount()) {
            throw new IllegalArgumentException("the key has " + schema.keyColumnCount() + " column(s), got "
                    + keyValues.length + " key value(s)");
        }
        int groups = blocks.size();
        int lo = 0;
        int hi = groups;
        while (lo < hi) { // first row group whose max key >= key
            int mid = (lo + hi) >>> 1;
            if (KeyCodec.compare(maxKeys[mid], key) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int rg = lo; rg < groups && KeyCodec.compare(minKeys[rg], key) <= 0; rg++) {
            if (keyValues != null && !bloomMayContain(rg, keyValues)) {
                continue;
            }
            KeyBlock kb = (KeyBlock) cache.get(fileName, rg, BlockCache.KEYS);
            if (kb == null) {
                if (!worthCachingKeys(rg)) {
                    Entry e = pageLookup(rg, key, keyValues, maxSeq, columns);
                    if (e != null) {
                        return e;
                    }
                    continue;
                }
                kb = loadKeyBlock(rg);
            }
            for (int i = kb.lowerBound(key); i < kb.rows && kb.keyEquals(i, key); i++) {
                if (kb.seqs[i] <= maxSeq) {
                    if (keyValues != null && !kb.tombstones[i] && !valuesCached(rg, columns) && !worthCachingValues(rg, columns)) {
                        // Decoding whole value columns for one row would thrash a full cache:
                        // read just the pages that hold the row.
                        return rowLookup(rg, kb, i, columns);
                    }
                    return entry(rg, kb, i, columns);
                }
            }
        }
        return null;
    }

    /**
     * Whether a point lookup should decode and cache the row group's whole key block instead of
     * reading the key's pages: while the cache is less than three quarters full and the block
     * fits ({@link #cacheHasRoom}), or when the
     * file's key blocks fit in three quarters of it ({@link #fitsCache}; a table larger than the cache would
     * otherwise evict and reload row groups over and over, each load costing hundreds of page
     * lookups), and on remote files only for a row group that has had
     * {@link #PAGE_LOOKUPS_BEFORE_CACHING} page lookups (a load there costs its download).
     */
    private boolean worthCachingKeys(int rg) {
        return (cacheHasRoom(share(keyBlockBytes, rg)) || fitsCache(null, false)) && (!remote || lookups.incrementAndGet(rg) > PAGE_LOOKUPS_BEFORE_CACHING);
    }

    /**
     * Whether a row group whose key block is cached should decode and cache its value columns
     * too, under the same rule as {@link #worthCachingKeys}: on remote files after
     * {@link #VALUE_LOOKUPS_BEFORE_CACHING} further lookups.
     */
    private boolean worthCachingValues(int rg, boolean[] columns) {
        return (cacheHasRoom(share(valueBytes(columns), rg)) || fitsCache(columns, true)) && (!remote
                || lookups.incrementAndGet(rg) > PAGE_LOOKUPS_BEFORE_CACHING + VALUE_LOOKUPS_BEFORE_CACHING);
    }

    /**
     * Whether a scan that needs only a few rows of row group {@code rg} should still decode the
     * requested columns whole, through the cache: when they are all cached already, or under the
     * rule of {@link #worthCachingValues}. Otherwise it reads just the pages of its rows
     * ({@link #readRows}), so that short scans of a table larger than the cache do not decode
     * and evict whole row groups.
     */
    public boolean scanReadsWhole(int rg, boolean[] columns) {
        return valuesCached(rg, columns) || worthCachingValues(rg, columns);
    }

    /**
     * Whether this file's key blocks, and with {@code withValues} its requested value columns
     * (null = all), decoded whole, would take at most three quarters of the cache: then caching them evicts
     * only what other reads used less recently, and reads that keep coming back to them find
     * them there, even when the cache is full. A file whose requested columns are larger would
     * evict its own row groups over and over (a table larger than the cache); its reads of a few
     * rows decode just their pages.
     */
    private boolean fitsCache(boolean[] columns, boolean withValues) {
        long bytes = keyBlockBytes + (withValues ? valueBytes(columns) : 0);
        return bytes <= cache.capacityBytes() / 4 * 3;
    }

    /** The estimated decoded bytes of the requested value columns (null = all) in the whole file. */
    private long valueBytes(boolean[] columns) {
        long bytes = 0;
        for (int c : valueColumns) {
            if (columns == null || columns[c]) {
                bytes += decodedBytes[c];
            }
        }
        return bytes;
    }

    /** Row group {@code rg}'s share, by rows, of a whole-file estimate. */
    private long share(long fileBytes, int rg) {
        return rowCount == 0 ? 0 : (long) (fileBytes * ((double) blocks.get(rg).getRowCount() / rowCount));
    }

    /**
     * Whether the cache is less than three quarters full (then warming it up evicts little) and
     * an entry of {@code bytes} would fit in three quarters of it: a row group too large for the
     * cache is never decoded whole for a lookup, or a small cache would decode it on every
     * lookup only to drop it.
     */
    private boolean cacheHasRoom(long bytes) {
        long budget = cache.capacityBytes() / 4 * 3;
        return cache.capacityBytes() > 0 && cache.usedBytes() < budget && bytes <= budget;
    }

    /** Whether every requested value column of a row group is in the cache. */
    private boolean valuesCached(int rg, boolean[] columns) {
        for (int c : valueColumns) {
            if ((columns == null || columns[c]) && cache.get(fileName, rg, c) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Finds the key by reading only the pages that may hold it, in two steps: the column index
     * of the key columns picks their candidate pages, whose key values alone are decoded and
     * binary-searched for the key's rows; then the offset indexes locate, in every other needed
     * column, just the pages holding those few rows, and only those rows are decoded. Caches
     * nothing.
     */
    private Entry pageLookup(int rg, byte[] key, Object[] keyValues, long maxSeq, boolean[] columns)
            throws IOException {
        int[] wanted = wantedValueColumns(columns);
        BlockMetaData block = blocks.get(rg);
        long offset = block.getStartingPos();
        List<ColumnDescriptor> keyColumns = decoder.requestedKeyColumns();
        ParquetFileReader reader = null;
        ParquetFileReader versions = null;
        try {
            RowRanges ranges = integerKeyPages(rg, keyValues);
            if (ranges != null && ranges.rowCount() == 0) {
                return null;
            }
            reader = lookupReaders.borrow(keyColumns);
            FilterPredicate equal = keyValues == null || ranges != null ? null : keyPredicate(keyValues);
            if (ranges == null) {
                ranges = RowRanges.createSingle(block.getRowCount());
            }
            if (equal != null) {
                Set<ColumnPath> paths = new HashSet<>();
                for (ColumnDescriptor d : keyColumns) {
                    paths.add(ColumnPath.get(d.getPath()));
                }
                ranges = ColumnIndexFilter.calculateRowRanges(FilterCompat.get(equal), reader.getColumnIndexStore(rg),
                        paths, block.getRowCount());
            }
            if (ranges.rowCount() == 0) {
                lookupReaders.giveBack(keyColumns, reader);
                reader = null;
                return null;
            }
            ColumnVector[] keys = decoder.decodeKeyColumns(reader.readFilteredRowGroup(rg, ranges), rg, offset);
            lookupReaders.giveBack(keyColumns, reader);
            reader = null;
            int rows = keys[0].rows;
            int lo = 0;
            int hi = rows;
            while (lo < hi) { // first position whose key >= key
                int mid = (lo + hi) >>> 1;
                if (KeyCodec.compare(decoder.encodeKey(keys, mid), key) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int end = lo;
            while (end < rows && KeyCodec.compare(decoder.encodeKey(keys, end), key) == 0) {
                end++;
            }
            if (lo == end) {
                return null;
            }
            // All versions of a key are adjacent in the file, so its rows are one range.
            long first = rowAt(ranges, lo);
            long last = first + (end - lo) - 1;
            if (rowAt(ranges, end - 1) != last) {
                throw new CorruptionException(fileName, offset, "versions of one key are not adjacent in row group " + rg);
            }
            int seqColumn = ParquetSchemas.seqIndex(schema);
            int tombColumn = ParquetSchemas.tombstoneIndex(schema);
            if (pageReads.indexed(rg, seqColumn, tombColumn) && pageReads.indexed(rg, wanted)) {
                return versionFromPages(rg, key, keys, lo, first, last, maxSeq, wanted, columns, offset);
            }
            // A second reader: a reader keeps the page indexes of the columns it was first asked for.
            List<ColumnDescriptor> versionColumns = decoder.requestedVersions(wanted);
            versions = lookupReaders.borrow(versionColumns);
            RowGroupDecoder.Decoded d = decoder.decodeVersions(
                    versions.readFilteredRowGroup(rg, RowRanges.builder().addSelectedRange(first, last).build()),
                    rg, offset, wanted);
            lookupReaders.giveBack(versionColumns, versions);
            versions = null;
            if (d.seqs.length != end - lo) {
                throw new CorruptionException(fileName, offset, "row group " + rg + " returned " + d.seqs.length
                        + " rows for " + (end - lo) + " versions of a key");
            }
            for (int i = 0; i < d.seqs.length; i++) {
                if (d.seqs[i] <= maxSeq) {
                    Object[] values = new Object[tableWidth];
                    for (int k = 0; k < schema.keyColumnCount(); k++) {
                        values[schema.keyIndex(k)] = keys[k].get(lo + i);
                    }
                    if (!d.tombstones[i]) {
                        for (int c : wanted) {
                            values[c] = d.columns[c].get(i);
                        }
                        fillAdded(values, columns);
                    }
                    return new Entry(key.clone(), d.seqs[i], d.tombstones[i], values);
                }
            }
            return null;
        } catch (IOException | RuntimeException | NoClassDefFoundError e) {
            throw translate(fileName, e, offset, "cannot look up a key in row group " + rg);
        } finally {
            closeAfterFailure(reader);
            closeAfterFailure(versions);
        }
    }

    /**
     * For a one-column INT64 or INT32 key, the rows of the key column's pages that may hold the
     * key ({@link PageReads#keyPages}); null for other keys or without page indexes.
     */
    private RowRanges integerKeyPages(int rg, Object[] keyValues) throws IOException {
        if (keyValues == null || keyValues.length != 1) {
            return null;
        }
        int c = schema.keyIndex(0);
        org.tonbo4j.ColumnType.Kind kind = schema.column(c).type().kind();
        Object k = keyValues[0];
        if ((kind == org.tonbo4j.ColumnType.Kind.INT64 && k instanceof Long)
                || (kind == org.tonbo4j.ColumnType.Kind.INT32 && k instanceof Integer)) {
            return pageReads.keyPages(rg, c, ((Number) k).longValue());
        }
        return null;
    }

    /**
     * The newest version of a key with sequence at most {@code maxSeq} among rows
     * {@code first..last} of row group {@code rg} (the key's versions, newest first), read
     * straight from their pages; {@code keys} are the decoded key columns, the key's first
     * version at position {@code lo}.
     */
    private Entry versionFromPages(int rg, byte[] key, ColumnVector[] keys, int lo, long first, long last, long maxSeq,
                                   int[] wanted, boolean[] columns, long offset) throws IOException {
        int seqColumn = ParquetSchemas.seqIndex(schema);
        int tombColumn = ParquetSchemas.tombstoneIndex(schema);
        for (long r = first; r <= last; r++) {
            Object seq = pageReads.value(rg, seqColumn, r);
            if (!(seq instanceof Long)) {
                throw new CorruptionException(fileName, offset, "row " + r + " of row group " + rg + " has no sequence number");
            }
            if ((Long) seq > maxSeq) {
                continue;
            }
            Object tomb = pageReads.value(rg, tombColumn, r);
            if (!(tomb instanceof Boolean)) {
                throw new CorruptionException(fileName, offset, "row " + r + " of row group " + rg + " has no tombstone flag");
            }
            Object[] values = new Object[tableWidth];
            for (int k = 0; k < schema.keyColumnCount(); k++) {
                values[schema.keyIndex(k)] = keys[k].get(lo + (int) (r - first));
            }
            boolean tombstone = (Boolean) tomb;
            if (!tombstone) {
                for (int c : wanted) {
                    values[c] = pageReads.value(rg, c, r);
                }
                fillAdded(values, columns);
            }
            return new Entry(key.clone(), (Long) seq, tombstone, values);
        }
        return null;
    }

    /**
     * The live row {@code row} of a row group whose key block is cached: its key, sequence number
     * and tombstone are known, so only the pages of the requested value columns that hold the
     * row are read and decoded (through the cache of decompressed pages). Caches nothing else.
     */
    private Entry rowLookup(int rg, KeyBlock kb, int row, boolean[] columns) throws IOException {
        int[] wanted = wantedValueColumns(columns);
        Object[] values = new Object[tableWidth];
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            values[schema.keyIndex(i)] = kb.keyColumns[i].get(row);
        }
        if (wanted.length > 0) {
            long offset = blocks.get(rg).getStartingPos();
            ParquetFileReader reader = null;
            try {
                if (pageReads.readRow(rg, row, wanted, values)) {
                    fillAdded(values, columns);
                    return new Entry(kb.key(row), kb.seqs[row], false, values);
                }
                List<ColumnDescriptor> requested = decoder.requestedValues(wanted);
                reader = lookupReaders.borrow(requested);
                RowGroupDecoder.Decoded d = decoder.decodeValues(
                        reader.readFilteredRowGroup(rg, RowRanges.builder().addSelectedRange(row, row).build()), rg, offset, wanted);
                lookupReaders.giveBack(requested, reader);
                reader = null;
                for (int c : wanted) {
                    if (d.columns[c].rows != 1) {
                        throw new CorruptionException(fileName, offset, "row group " + rg + " returned "
                                + d.columns[c].rows + " values of column " + schema.column(c).name() + " for one row");
                    }
                    values[c] = d.columns[c].get(0);
                }
            } catch (IOException | RuntimeException | NoClassDefFoundError e) {
                throw translate(fileName, e, offset, "cannot read row " + row + " of row group " + rg);
            } finally {
                closeAfterFailure(reader);
            }
        }
        fillAdded(values, columns);
        return new Entry(kb.key(row), kb.seqs[row], false, values);
    }

    /** Closes a lookup reader whose lookup failed (its state is unknown, so it is not reused). */
    private static void closeAfterFailure(ParquetFileReader reader) {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException | RuntimeException ignored) {
                // The lookup's own failure is what the caller sees.
            }
        }
    }

    /** The row-group row index of the {@code position}-th row a filtered read returned. */
    private static long rowAt(RowRanges ranges, int position) {
        long left = position;
        for (RowRanges.Range r : ranges.getRanges()) {
            long count = r.to - r.from + 1;
            if (left < count) {
                return r.from + left;
            }
            left -= count;
        }
        throw new IllegalStateException("position " + position + " past the " + ranges.rowCount() + " selected rows");
    }

    private int[] wantedValueColumns(boolean[] columns) {
        int[] wanted = new int[valueColumns.length];
        int n = 0;
        for (int c : valueColumns) {
            if (columns == null || columns[c]) {
                wanted[n++] = c;
            }
        }
        return Arrays.copyOf(wanted, n);
    }

    /** key column 1 == v1 AND ... over the key columns that prune safely; null if none. */
    private FilterPredicate keyPredicate(Object[] keyValues) {
        FilterPredicate p = null;
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            int c = schema.keyIndex(i);
            FilterPredicate eq = decoder.codec(c).equalTo(schema.column(c).name(), keyValues[i]);
            if (eq != null) {
                p = p == null ? eq : FilterApi.and(p, eq);
            }
        }
        return p;
    }

    private Entry entry(int rg, KeyBlock kb, int row, boolean[] columns) throws IOException {
        Object[] values = new Object[tableWidth];
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            values[schema.keyIndex(i)] = kb.keyColumns[i].get(row);
        }
        if (!kb.tombstones[row]) {
            for (int c : valueColumns) {
                if (columns == null || columns[c]) {
                    values[c] = valueColumn(rg, c).get(row);
                }
            }
            fillAdded(values, columns);
        }
        return new Entry(kb.key(row), kb.seqs[row], kb.tombstones[row], values);
    }

    private boolean bloomMayContain(int rg, Object[] keyValues) throws IOException {
        BloomFilter[] filters = blooms.get(rg);
        if (filters == null) {
            filters = loadBlooms(rg);
            blooms.compareAndSet(rg, null, filters);
        }
        for (int i = 0; i < filters.length; i++) {
            BloomFilter f = filters[i];
            if (f != null) {
                ValueCodec codec = decoder.codec(schema.keyIndex(i));
                boolean found;
                // Parquet's BlockSplitBloomFilter is not thread-safe: hash() fills a shared
                // scratch buffer and findHash() a shared mask array. Racing probes gave false
                // negatives (rows silently missing from point reads), so both run under its lock.
                synchronized (f) {
                    found = f.findHash(codec.bloomHash(f, keyValues[i]));
                }
                if (!found) {
                    return false;
                }
            }
        }
        return true;
    }

    private BloomFilter[] loadBlooms(int rg) throws IOException {
        BloomFilter[] filters = new BloomFilter[schema.keyColumnCount()];
        BlockMetaData block = blocks.get(rg);
        try (ParquetFileReader reader = newReader()) {
            for (int i = 0; i < filters.length; i++) {
                int c = schema.keyIndex(i);
                if (decoder.codec(c).hasBloomHash()) {
                    ColumnChunkMetaData chunk = block.getColumns().get(c);
                    filters[i] = reader.readBloomFilter(chunk);
                    String stored = bloomCrcs == null ? null : bloomCrcs[rg][i];
                    if (filters[i] != null && stored != null && !stored.equals(BloomChecksums.of(filters[i]))) {
                        throw new CorruptionException(fileName, chunk.getBloomFilterOffset(), "bloom filter of column '"
                                + schema.column(c).name() + "' in row group " + rg + " is damaged (CRC-32C "
                                + BloomChecksums.of(filters[i]) + ", the footer says " + stored + ")");
                    }
                }
            }
        } catch (IOException | RuntimeException | NoClassDefFoundError e) {
            throw translate(fileName, e, block.getStartingPos(), "cannot read bloom filter of row group " + rg);
        }
        return filters;
    }

    private void checkColumns(boolean[] columns) {
        if (columns != null && columns.length != tableWidth) {
            throw new IllegalArgumentException("columns has " + columns.length + " flags, the schema "
                    + tableWidth + " columns");
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("SST reader for " + fileName + " is closed");
        }
    }

    /**
     * Maps an exception from Parquet to ours: storage failures pass through as they were,
     * everything else (Parquet's exceptions about malformed bytes, EOF inside the file) becomes
     * a {@link CorruptionException} naming the file.
     */
    static RuntimeException translateUnchecked(String fileName, Throwable e, long offset, String what) {
        if (e instanceof CorruptionException || e instanceof SchemaMismatchException) {
            return (RuntimeException) e;
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof NoClassDefFoundError) {
            msg = "Parquet rejected the bytes (its message needs absent class " + msg + ")";
        }
        if (e instanceof EOFException) {
            return new CorruptionException(fileName, offset, what + ": unexpected end of file (" + msg + ")", e);
        }
        return new CorruptionException(fileName, offset, what + ": " + msg, e);
    }

    private static IOException translate(String fileName, Throwable e, long offset, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageInputFile.StorageIOException) {
                return ((StorageInputFile.StorageIOException) t).storageCause();
            }
        }
        throw translateUnchecked(fileName, e, offset, what);
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            try {
                lookupReaders.close();
            } finally {
                file.close();
            }
        }
    }

    @Override
    public String toString() {
        return "SstReader{" + fileName + ", rows=" + rowCount + ", rowGroups=" + blocks.size() + "}";
    }

    /**
     * The rows of row group {@code rg} that may satisfy {@code filter}, judged by the row
     * group's statistics, then its page indexes: {@link RowRanges#EMPTY} when none can,
     * all of them when nothing can be excluded. Rows outside the result certainly fail; rows
     * inside may fail too (the caller re-checks).
     */
    public RowRanges candidateRows(int rg, org.tonbo4j.internal.read.RowFilter filter) throws IOException {
        checkOpen();
        BlockMetaData block = blocks.get(rg);
        RowRanges all = RowRanges.createSingle(block.getRowCount());
        if (filter == null) {
            return all;
        }
        if (!ParquetPredicates.missingColumnsMatch(filter, schema, tableSchema)) {
            return RowRanges.EMPTY;
        }
        FilterPredicate p = ParquetPredicates.of(filter, schema, footer.getFileMetaData().getSchema(), decoder);
        if (p == null) {
            return all;
        }
        try {
            if (org.apache.parquet.filter2.statisticslevel.StatisticsFilter.canDrop(p, block.getColumns())) {
                return RowRanges.EMPTY;
            }
            try (ParquetFileReader reader = newReader()) {
                Set<ColumnPath> paths = new HashSet<>();
                for (ColumnChunkMetaData c : block.getColumns()) {
                    paths.add(c.getPath());
                }
                return ColumnIndexFilter.calculateRowRanges(FilterCompat.get(p), reader.getColumnIndexStore(rg), paths,
                        block.getRowCount());
            }
        } catch (IOException | RuntimeException | NoClassDefFoundError e) {
            throw translate(fileName, e, block.getStartingPos(), "cannot read the statistics of row group " + rg);
        }
    }

    /**
     * Decodes only the rows of {@code ranges} in row group {@code rg} (the pages that hold them):
     * keys, sequence numbers, tombstones and the requested columns, in file order. Caches nothing.
     */
    public RowGroupData readRows(int rg, boolean[] columns, RowRanges ranges) throws IOException {
        checkOpen();
        checkColumns(columns);
        int[] wanted = wantedValueColumns(columns);
        BlockMetaData block = blocks.get(rg);
        RowGroupDecoder.Decoded d;
        try (ParquetFileReader reader = newReader()) {
            reader.setRequestedSchema(decoder.requested(true, wanted));
            d = decoder.decodePages(reader.readFilteredRowGroup(rg, ranges), rg, block.getStartingPos(), true, wanted);
        } catch (IOException | RuntimeException | NoClassDefFoundError e) {
            throw translate(fileName, e, block.getStartingPos(), "cannot decode rows of row group " + rg);
        }
        if (d.keys.rows != ranges.rowCount()) {
            throw new CorruptionException(fileName, block.getStartingPos(), "a filtered read of row group " + rg
                    + " gave " + d.keys.rows + " rows for " + ranges.rowCount() + " selected");
        }
        ColumnVector[] values = new ColumnVector[tableWidth];
        for (int c : wanted) {
            values[c] = d.columns[c];
        }
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            values[schema.keyIndex(i)] = d.keys.keyColumns[i];
        }
        for (int c = schema.columnCount(); c < tableWidth; c++) {
            if (columns == null || columns[c]) {
                values[c] = new ColumnVectors.Constant(addedDefaults[c - schema.columnCount()], d.keys.rows);
            }
        }
        return new RowGroupData(d.keys, values);
    }

    /** Row group indexes whose key range intersects [from, to) (null bounds are open). */
    public List<Integer> rowGroupsOverlapping(byte[] from, byte[] to) {
        List<Integer> out = new ArrayList<>();
        for (int rg = 0; rg < blocks.size(); rg++) {
            if ((from == null || KeyCodec.compare(maxKeys[rg], from) >= 0)
                    && (to == null || KeyCodec.compare(minKeys[rg], to) < 0)) {
                out.add(rg);
            }
        }
        return out;
    }
}
