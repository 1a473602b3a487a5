package org.tonbo4j.bench;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * RocksDB through rocksdbjni: one default column family, keys and values as {@link RowBytes}.
 * Options are RocksDB's defaults (64 MiB write buffer, leveled compaction, WAL on, the default
 * compression, which is Snappy in rocksdbjni) except two set to match tonbo's defaults so that
 * reads get the same resources: an LRU block cache of the size tonbo's cache has (128 MiB unless --cache-mib) (RocksDB's default is 32 MiB) and a
 * 10 bits/key bloom filter (~1% false positives; RocksDB has none by default). The compression
 * can be overridden for a second data point. Not thread-safe.
 */
final class RocksEngine implements BenchEngine {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final LRUCache cache;
    private final long cacheBytes;
    private final BloomFilter bloom;
    private final WriteOptions writeOptions;
    private final RocksDB db;

    /** @param compression null for RocksDB's default */
    RocksEngine(Path dir, boolean syncEveryBatch, CompressionType compression) {
        this(dir, syncEveryBatch, compression, 128L << 20);
    }

    /** @param cacheBytes size of the LRU block cache */
    RocksEngine(Path dir, boolean syncEveryBatch, CompressionType compression, long cacheBytes) {
        this.cacheBytes = cacheBytes;
        this.cache = new LRUCache(cacheBytes);
        this.bloom = new BloomFilter(10, false);
        this.options = new Options().setCreateIfMissing(true)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom));
        if (compression != null) {
            options.setCompressionType(compression);
        }
        this.writeOptions = new WriteOptions().setSync(syncEveryBatch);
        try {
            this.db = RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            close();
            throw new IllegalStateException("cannot open RocksDB in " + dir + ": " + e, e);
        }
    }

    @Override
    public String name() {
        return "rocksdb";
    }

    @Override
    public void insertBatch(Object[][] rows, int n) {
        try (WriteBatch batch = new WriteBatch()) {
            for (int i = 0; i < n; i++) {
                batch.put(RowBytes.key((Long) rows[i][0]), RowBytes.value(rows[i]));
            }
            db.write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Object[] get(long id) {
        try {
            byte[] key = RowBytes.key(id);
            byte[] value = db.get(key);
            return value == null ? null : RowBytes.decode(key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RocksDB has no projection: both kinds of scan read and decode whole values. */
    @Override
    public long scan(boolean projection, Consumer<Object[]> sink) {
        long n = 0;
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                sink.accept(RowBytes.decode(it.key(), it.value()));
                n++;
            }
            it.status();
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
        return n;
    }

    @Override
    public void flushAndCompact() {
        try (FlushOptions fo = new FlushOptions().setWaitForFlush(true)) {
            db.flush(fo);
            db.compactRange();
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long dataBytes() {
        try {
            return db.getLongProperty("rocksdb.total-sst-files-size");
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String describe() {
        return "RocksDB " + RocksDB.rocksdbVersion() + " (rocksdbjni), default options + " + (cacheBytes >> 20) + " MiB LRU block cache + 10 bits/key bloom, compression "
                + options.compressionType() + ", WriteOptions.sync=" + writeOptions.sync();
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
        }
        writeOptions.close();
        options.close();
        bloom.close();
        cache.close();
    }
}
