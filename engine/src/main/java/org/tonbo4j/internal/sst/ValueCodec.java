package org.tonbo4j.internal.sst;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.io.api.Binary;
import org.tonbo4j.ColumnType;
import org.tonbo4j.internal.key.KeyCodec;

/**
 * Converts the Java values of one column type to and from Parquet's primitive values, following
 * the mapping of {@link ParquetSchemas}. One instance per column type; stateless and thread-safe.
 * Decoding into column vectors is {@link VectorReader}'s job.
 */
abstract class ValueCodec {
    static ValueCodec of(ColumnType t) {
        switch (t.kind()) {
            case BOOLEAN: return new ValueCodecs.BooleanCodec();
            case INT8: return new ValueCodecs.Int8Codec();
            case INT16: return new ValueCodecs.Int16Codec();
            case INT32: return new ValueCodecs.Int32Codec();
            case INT64: return new ValueCodecs.Int64Codec();
            case FLOAT32: return new ValueCodecs.Float32Codec();
            case FLOAT64: return new ValueCodecs.Float64Codec();
            case STRING: return new ValueCodecs.StringCodec();
            case BINARY: return new ValueCodecs.BinaryCodec();
            case DATE: return new ValueCodecs.DateCodec();
            case TIMESTAMP: return new ValueCodecs.TimestampCodec();
            case TIMESTAMP_TZ: return new ValueCodecs.TimestampTzCodec();
            case DECIMAL: return new ValueCodecs.DecimalCodec(t);
            default: throw new AssertionError(t);
        }
    }

    /** Writes a non-null value at definition level {@code def}; returns its approximate raw size. */
    abstract int write(ColumnWriter w, Object v, int def);

    /** The bloom filter hash of a value, or 0 with {@link #hasBloomHash()} false. */
    long bloomHash(BloomFilter f, Object v) {
        throw new UnsupportedOperationException();
    }

    /**
     * A predicate {@code column == v} on Parquet's values, for page index pruning; null where
     * this type does not prune safely (floats: NaN and signed zeros) or the name has a dot
     * (Parquet's filter API reads dots as nesting).
     */
    FilterPredicate equalTo(String column, Object v) {
        if (column.indexOf('.') >= 0) {
            return null;
        }
        Object p = pageIndexValue(v);
        if (p instanceof Integer) {
            return FilterApi.eq(FilterApi.intColumn(column), (Integer) p);
        }
        if (p instanceof Long) {
            return FilterApi.eq(FilterApi.longColumn(column), (Long) p);
        }
        if (p instanceof Binary) {
            return FilterApi.eq(FilterApi.binaryColumn(column), (Binary) p);
        }
        if (p instanceof Boolean) {
            return FilterApi.eq(FilterApi.booleanColumn(column), (Boolean) p);
        }
        return null;
    }

    /** The Parquet value of {@code v} as Integer, Long, Binary or Boolean; null if not pruned on. */
    Object pageIndexValue(Object v) {
        return null;
    }

    /** Whether Parquet can keep a bloom filter of this type. */
    boolean hasBloomHash() {
        return true;
    }

    /** Microseconds since the epoch of a timestamp without time zone, read as UTC (as {@link KeyCodec#micros}). */
    static long micros(LocalDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(ZoneOffset.UTC), 1_000_000L), t.getNano() / 1000);
    }

    static LocalDateTime localDateTime(long micros) {
        long sec = Math.floorDiv(micros, 1_000_000L);
        int nano = (int) Math.floorMod(micros, 1_000_000L) * 1000;
        return LocalDateTime.ofEpochSecond(sec, nano, ZoneOffset.UTC);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
