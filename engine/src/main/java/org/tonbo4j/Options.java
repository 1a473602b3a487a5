package org.tonbo4j;

import java.util.Objects;

/**
 * How a table behaves. Immutable and thread-safe; build with {@link #builder()}, start from the
 * defaults with {@link #defaults()}. Every setter states its default and trade-off.
 */
public final class Options {
    private static final Options DEFAULTS = new Builder().build();

    private final SyncPolicy syncPolicy;
    private final long memtableBytes;
    private final long targetFileBytes;
    private final long rowGroupBytes;
    private final int pageBytes;
    private final Compression compression;
    private final int compressionLevel;
    private final double bloomFalsePositiveRate;
    private final boolean compactionEnabled;
    private final boolean flushOnClose;
    private final int level0CompactionTrigger;
    private final int level0StopWritesTrigger;
    private final int maxImmutableMemtables;
    private final int flushThreads;
    private final long level1MaxBytes;
    private final int levelSizeMultiplier;
    private final int maxLevels;
    private final long cacheBytes;
    private final java.time.Duration historyRetention;
    private final long bulkCommitBytes;
    private final java.time.Duration idleFlush;
    /** As set on the builder (0: not set), so that {@link #toBuilder()} keeps following the memtable size. */
    private final long bulkCommitBytesSetting;

    private Options(Builder b) {
        this.syncPolicy = b.syncPolicy;
        this.memtableBytes = b.memtableBytes;
        this.targetFileBytes = b.targetFileBytes;
        this.rowGroupBytes = b.rowGroupBytes;
        this.pageBytes = b.pageBytes;
        this.compression = b.compression;
        this.compressionLevel = b.compressionLevel;
        this.bloomFalsePositiveRate = b.bloomFalsePositiveRate;
        this.compactionEnabled = b.compactionEnabled;
        this.flushOnClose = b.flushOnClose;
        this.level0CompactionTrigger = b.level0CompactionTrigger;
        this.level0StopWritesTrigger = b.level0StopWritesTrigger;
        this.maxImmutableMemtables = b.maxImmutableMemtables;
        this.flushThreads = b.flushThreads;
        this.level1MaxBytes = b.level1MaxBytes;
        this.levelSizeMultiplier = b.levelSizeMultiplier;
        this.maxLevels = b.maxLevels;
        this.cacheBytes = b.cacheBytes;
        this.historyRetention = b.historyRetention;
        this.bulkCommitBytesSetting = b.bulkCommitBytes;
        this.bulkCommitBytes = b.bulkCommitBytes > 0 ? b.bulkCommitBytes : b.memtableBytes;
        this.idleFlush = b.idleFlush;
    }

    /** The default options. */
    public static Options defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public SyncPolicy syncPolicy() { return syncPolicy; }
    public long memtableBytes() { return memtableBytes; }
    public long targetFileBytes() { return targetFileBytes; }
    public long rowGroupBytes() { return rowGroupBytes; }
    public int pageBytes() { return pageBytes; }
    public Compression compression() { return compression; }
    public int compressionLevel() { return compressionLevel; }
    public double bloomFalsePositiveRate() { return bloomFalsePositiveRate; }
    public boolean compactionEnabled() { return compactionEnabled; }

    /** Whether a clean close writes the memtable to Parquet (so the next open replays no WAL). */
    public boolean flushOnClose() { return flushOnClose; }
    public int level0CompactionTrigger() { return level0CompactionTrigger; }
    public int level0StopWritesTrigger() { return level0StopWritesTrigger; }
    public int maxImmutableMemtables() { return maxImmutableMemtables; }
    /** See {@link Builder#flushThreads}. */
    public int flushThreads() { return flushThreads; }
    public long level1MaxBytes() { return level1MaxBytes; }
    public int levelSizeMultiplier() { return levelSizeMultiplier; }
    public int maxLevels() { return maxLevels; }
    public long cacheBytes() { return cacheBytes; }
    public java.time.Duration historyRetention() { return historyRetention; }
    /** The resolved threshold of {@link Builder#bulkCommitBytes(long)} (the memtable size unless set). */
    public long bulkCommitBytes() { return bulkCommitBytes; }
    /** See {@link Builder#idleFlush}. */
    public java.time.Duration idleFlush() { return idleFlush; }

    /** The memtable size from which an idle memtable is flushed ({@link Builder#idleFlush}). */
    public long idleFlushBytes() {
        return Math.max(IDLE_FLUSH_MIN_BYTES, memtableBytes / 8);
    }

    private static final long IDLE_FLUSH_MIN_BYTES = 4L << 20;

    @Override
    public String toString() {
        return "Options{sync=" + syncPolicy + ", memtableBytes=" + memtableBytes + ", targetFileBytes=" + targetFileBytes
                + ", rowGroupBytes=" + rowGroupBytes + ", pageBytes=" + pageBytes + ", compression=" + compression
                + ", compressionLevel=" + compressionLevel + ", bloomFpp=" + bloomFalsePositiveRate
                + ", compaction=" + compactionEnabled + ", flushOnClose=" + flushOnClose + ", l0Trigger=" + level0CompactionTrigger
                + ", l0Stop=" + level0StopWritesTrigger + ", maxImmutableMemtables=" + maxImmutableMemtables
                + ", flushThreads=" + flushThreads
                + ", level1MaxBytes=" + level1MaxBytes + ", levelMultiplier=" + levelSizeMultiplier
                + ", maxLevels=" + maxLevels + ", cacheBytes=" + cacheBytes
                + ", historyRetention=" + historyRetention + ", bulkCommitBytes=" + bulkCommitBytes + ", idleFlush=" + idleFlush + "}";
    }

    /** Builds {@link Options}; each setter validates its value. Not thread-safe. */
    public static final class Builder {
        private SyncPolicy syncPolicy = SyncPolicy.everyCommit();
        private long memtableBytes = 64L << 20;
        private long targetFileBytes = 64L << 20;
        private long rowGroupBytes = 16L << 20;
        private int pageBytes = 16 << 10;
        private Compression compression = Compression.ZSTD;
        private int compressionLevel = 1;
        private boolean compressionLevelSet;
        private double bloomFalsePositiveRate = 0.01;
        private boolean compactionEnabled = true;
        private boolean flushOnClose = true;
        private int level0CompactionTrigger = 4;
        private int level0StopWritesTrigger = 12;
        private int maxImmutableMemtables = 2;
        private int flushThreads = 1;
        private long level1MaxBytes = 256L << 20;
        private int levelSizeMultiplier = 10;
        private int maxLevels = 7;
        private long cacheBytes = 128L << 20;
        private java.time.Duration historyRetention = java.time.Duration.ZERO;
        /** 0: not set, {@link #memtableBytes}. */
        private long bulkCommitBytes;
        private java.time.Duration idleFlush = java.time.Duration.ofSeconds(1);

        private Builder() {
        }

        private Builder(Options o) {
            syncPolicy = o.syncPolicy;
            memtableBytes = o.memtableBytes;
            targetFileBytes = o.targetFileBytes;
            rowGroupBytes = o.rowGroupBytes;
            pageBytes = o.pageBytes;
            compression = o.compression;
            compressionLevel = o.compressionLevel;
            bloomFalsePositiveRate = o.bloomFalsePositiveRate;
            compactionEnabled = o.compactionEnabled;
            flushOnClose = o.flushOnClose;
            level0CompactionTrigger = o.level0CompactionTrigger;
            level0StopWritesTrigger = o.level0StopWritesTrigger;
            maxImmutableMemtables = o.maxImmutableMemtables;
            flushThreads = o.flushThreads;
            level1MaxBytes = o.level1MaxBytes;
            levelSizeMultiplier = o.levelSizeMultiplier;
            maxLevels = o.maxLevels;
            cacheBytes = o.cacheBytes;
            historyRetention = o.historyRetention;
            bulkCommitBytes = o.bulkCommitBytesSetting;
            idleFlush = o.idleFlush;
        }

        private static long atLeast(String what, long value, long min) {
            if (value < min) {
                throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
            }
            return value;
        }

        /** When the WAL is synced. The default value is {@link SyncPolicy#everyCommit()} (no acknowledged write is ever lost). */
        public Builder syncPolicy(SyncPolicy policy) {
            this.syncPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Approximate memory a memtable may use before it is frozen and flushed to an L0 file.
         * The default value is 64 MiB. Larger: fewer, larger L0 files and less write
         * amplification; more memory and a longer WAL replay after a crash.
         */
        public Builder memtableBytes(long bytes) {
            this.memtableBytes = atLeast("memtableBytes", bytes, 1);
            return this;
        }

        /** Size at which compaction starts a new output file. The default value is 64 MiB. */
        public Builder targetFileBytes(long bytes) {
            this.targetFileBytes = atLeast("targetFileBytes", bytes, 1);
            return this;
        }

        /**
         * Uncompressed size of a Parquet row group. The default value is 16 MiB. Smaller groups
         * prune finer and use less memory per read; larger ones compress and scan better.
         */
        public Builder rowGroupBytes(long bytes) {
            this.rowGroupBytes = atLeast("rowGroupBytes", bytes, 1);
            return this;
        }

        /**
         * Uncompressed size of a Parquet data page (pages also end after 1,024 rows). The default
         * value is 16 KiB: 1,024 values of an 8-byte column, several hundred short strings. A cold
         * point lookup decompresses one page per column it reads, so wide columns must not have
         * large pages: against 64 KiB, 16 KiB pages made lookups of a string column 1.5x faster
         * for 4% more bytes; 8 KiB was a little faster still for 10% more bytes, 4 KiB slowed
         * scans (docs/bench/engine.md).
         */
        public Builder pageBytes(int bytes) {
            this.pageBytes = (int) atLeast("pageBytes", bytes, 64);
            return this;
        }

        /** Page compression. The default value is {@link Compression#ZSTD}. */
        public Builder compression(Compression compression) {
            this.compression = Objects.requireNonNull(compression, "compression");
            return this;
        }

        /**
         * Codec level where the codec has one (ZSTD 1..22, GZIP 1..9: {@link #build()} refuses a
         * GZIP level above 9, and any level set for SNAPPY, LZ4_RAW or UNCOMPRESSED, which have
         * none). The pure-Java ZSTD encoder implements one strategy (about zstd's level 3) whatever
         * the level; GZIP honours it. The default value is 1.
         */
        public Builder compressionLevel(int level) {
            if (level < 1 || level > 22) {
                throw new IllegalArgumentException("compressionLevel must be 1..22, got " + level);
            }
            this.compressionLevel = level;
            this.compressionLevelSet = true;
            return this;
        }

        /**
         * False-positive rate of the per-file bloom filter on the primary key. The default value is
         * 0.01. Lower: fewer wasted reads on point misses, larger files.
         */
        public Builder bloomFalsePositiveRate(double rate) {
            if (!(rate > 0 && rate < 1)) {
                throw new IllegalArgumentException("bloomFalsePositiveRate must be in (0, 1), got " + rate);
            }
            this.bloomFalsePositiveRate = rate;
            return this;
        }

        /**
         * Whether background compaction runs. The default value is true. Without it, L0 grows
         * without bound (writes never stall for it) and reads merge ever more files;
         * {@link Table#compact()} still works.
         */
        /**
         * Whether {@code close()} first writes the memtable to an L0 Parquet file (default true):
         * after a clean close every row is in Parquet files and the next open replays no WAL.
         * False makes close quicker; the next open then replays the WAL and flushes it.
         */
        public Builder flushOnClose(boolean flush) {
            this.flushOnClose = flush;
            return this;
        }

        public Builder compactionEnabled(boolean enabled) {
            this.compactionEnabled = enabled;
            return this;
        }

        /** Number of L0 files that triggers a compaction into L1. The default value is 4. */
        public Builder level0CompactionTrigger(int files) {
            this.level0CompactionTrigger = (int) atLeast("level0CompactionTrigger", files, 1);
            return this;
        }

        /**
         * Number of L0 files at which writes stall (wait, not fail) until compaction catches up.
         * The default value is 12. Only applies while compaction is enabled.
         */
        public Builder level0StopWritesTrigger(int files) {
            this.level0StopWritesTrigger = (int) atLeast("level0StopWritesTrigger", files, 1);
            return this;
        }

        /** Frozen memtables waiting for flush before writes stall. The default value is 2. */
        public Builder maxImmutableMemtables(int count) {
            this.maxImmutableMemtables = (int) atLeast("maxImmutableMemtables", count, 1);
            return this;
        }

        /**
         * Threads that write frozen memtables to Parquet at the same time, each its own memtable
         * (they are still installed oldest first). A second one takes over when writes outpace
         * one flush and would otherwise stall on {@link #maxImmutableMemtables}; it pays where
         * processors are spare. The default value is 1: on two cores a second flush thread took
         * processor time from the writers and made a bulk load slower. At most 8.
         */
        public Builder flushThreads(int threads) {
            if (threads < 1 || threads > 8) {
                throw new IllegalArgumentException("flushThreads must be 1..8, got " + threads);
            }
            this.flushThreads = threads;
            return this;
        }

        /** Size limit of L1; level n+1 may be {@link #levelSizeMultiplier} times level n. The default value is 256 MiB. */
        public Builder level1MaxBytes(long bytes) {
            this.level1MaxBytes = atLeast("level1MaxBytes", bytes, 1);
            return this;
        }

        /** Size ratio between adjacent levels. The default value is 10. */
        public Builder levelSizeMultiplier(int ratio) {
            this.levelSizeMultiplier = (int) atLeast("levelSizeMultiplier", ratio, 2);
            return this;
        }

        /** Number of levels, L0 included. The default value is 7. */
        public Builder maxLevels(int levels) {
            if (levels < 2 || levels > 32) {
                throw new IllegalArgumentException("maxLevels must be 2..32, got " + levels);
            }
            this.maxLevels = levels;
            return this;
        }

        /**
         * Memory for cached SST metadata and decoded column data. The default value is 128 MiB;
         * 0 disables the data cache (metadata of open files is still kept).
         */
        public Builder cacheBytes(long bytes) {
            this.cacheBytes = atLeast("cacheBytes", bytes, 0);
            return this;
        }

        /**
         * How long a table may go without commits before its memtable is flushed to Parquet in the
         * background, if it holds at least {@link Options#idleFlushBytes} (an eighth of the
         * memtable size, at least 4 MiB): after a bulk load the rows reach Parquet files within
         * about this time instead of waiting in the memtable until it fills or the table closes.
         * Scans of Parquet rows are several times faster than of memtable rows, other engines
         * (DuckDB, Spark) see the rows, and the WAL to replay after a crash shrinks. The size floor
         * keeps a trickle of small writes from producing a file per pause. The default value is 1
         * second; {@link java.time.Duration#ZERO} turns idle flushes off.
         */
        public Builder idleFlush(java.time.Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("idleFlush must be zero or positive, got " + delay);
            }
            this.idleFlush = delay;
            return this;
        }

        /**
         * How long old versions stay readable for time travel ({@code Table.snapshotAt}): a
         * version overwritten or deleted less than this long ago is kept by flush and
         * compaction. The default value is {@link java.time.Duration#ZERO}: only open and named
         * snapshots keep history. Longer retention costs disk space and scan work in
         * proportion to the update rate.
         */
        public Builder historyRetention(java.time.Duration retention) {
            if (retention == null || retention.isNegative()) {
                throw new IllegalArgumentException("historyRetention must be zero or positive, got " + retention);
            }
            this.historyRetention = retention;
            return this;
        }

        /**
         * Size from which a transaction's commit writes its buffered rows straight into new L0
         * files instead of the WAL and the memtable (a bulk commit): the rows are sorted already,
         * so the commit skips the per-row WAL encoding and memtable insert and the flush that
         * would follow. The size is estimated from the buffered rows (keys, 8 bytes per
         * fixed-width value, the length of strings and binaries). A bulk commit first flushes
         * whatever the memtables hold (so files stay in commit order), then writes and syncs its
         * files (in parallel for 128 Ki rows and more) and installs them with one manifest edit:
         * it is as atomic, isolated and durable as any commit, whatever the sync policy.
         * Trade-off: a bulk commit returns once its rows are encoded into Parquet, while a normal
         * commit returns after the (cheaper) WAL append and memtable insert and leaves the Parquet
         * encoding to a background flush. Below the memtable size the normal path therefore
         * answers sooner (measured: about 1.8x sooner for 500,000 rows of 5 columns); from a
         * memtable's worth on, a normal commit overfills the memtable and has to be flushed whole
         * anyway, and the bulk path does less work in all and holds less memory. The default
         * value is {@link #memtableBytes} (64 MiB with the default memtable); {@code
         * Long.MAX_VALUE} turns bulk commits off; a smaller value trades commit latency for less
         * total work.
         */
        public Builder bulkCommitBytes(long bytes) {
            this.bulkCommitBytes = atLeast("bulkCommitBytes", bytes, 1);
            return this;
        }

        public Options build() {
            if (compressionLevelSet && compression != Compression.GZIP && compression != Compression.ZSTD) {
                throw new IllegalArgumentException("compressionLevel applies to GZIP and ZSTD only; " + compression
                        + " has no levels (got " + compressionLevel + ")");
            }
            if (compression == Compression.GZIP && compressionLevel > 9) {
                throw new IllegalArgumentException("compressionLevel for GZIP must be 1..9, got " + compressionLevel);
            }
            return new Options(this);
        }
    }
}
