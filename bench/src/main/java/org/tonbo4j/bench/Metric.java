package org.tonbo4j.bench;

/**
 * What the benchmark reports: one row of the results table. {@code compareTo} names the RocksDB
 * metric tonbo's value is divided by (the projection scan is compared with RocksDB's full scan);
 * {@code goal} is the ratio tonbo/rocksdb aimed for, {@code NaN} if none.
 */
enum Metric {
    INGEST("ingest, WAL on, no fsync per batch", "rows/s", true, 1.5),
    INGEST_SYNC("ingest, WAL on, fsync per batch", "rows/s", true, 1.5),
    FLUSH_COMPACT("flush + full compaction (after ingest)", "s", false, Double.NaN),
    GET("random point gets, existing keys", "gets/s", true, 1.0),
    GET_MISS("random point gets, missing keys", "gets/s", true, Double.NaN),
    SCAN("full scan, all columns", "rows/s", true, Double.NaN),
    PROJECTION("projection scan, 1 of 8 columns (RocksDB: full scan)", "rows/s", true, 3.0),
    DATA_BYTES("data files after compaction (engine's count)", "bytes", false, 1 / 3.0),
    DIR_BYTES("directory after compaction, closed", "bytes", false, 1 / 3.0);

    final String label;
    final String unit;
    final boolean higherIsBetter;
    final double goal;

    Metric(String label, String unit, boolean higherIsBetter, double goal) {
        this.label = label;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.goal = goal;
    }

    /** The RocksDB metric this one is compared with. */
    Metric rocksPeer() {
        return this == PROJECTION ? SCAN : this;
    }

    /** Whether a ratio tonbo/rocksdb meets the goal. */
    boolean met(double ratio) {
        return higherIsBetter ? ratio >= goal : ratio <= goal;
    }

    /** The better of two values of this metric. */
    double best(double a, double b) {
        return higherIsBetter ? Math.max(a, b) : Math.min(a, b);
    }
}
