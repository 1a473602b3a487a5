package org.tonbo4j.internal.sst;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.tonbo4j.ColumnType;
import org.tonbo4j.internal.key.KeyCodec;

/** The {@link ValueCodec} of each column type, following the mapping of {@link ParquetSchemas}. Stateless. */
final class ValueCodecs {
    private ValueCodecs() {
    }

    static final class BooleanCodec extends ValueCodec {
        BooleanCodec() {
            super(0); // Boolean.valueOf is cached
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((Boolean) v, 0, def);
            return 1;
        }

        @Override
        Object read(ColumnReader r) {
            return r.getBoolean();
        }

        @Override
        Object pageIndexValue(Object v) {
            return v;
        }

        @Override
        boolean hasBloomHash() {
            return false;
        }
    }

    static final class Int8Codec extends ValueCodec {
        Int8Codec() {
            super(0); // Byte.valueOf is cached
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((int) (Byte) v, 0, def);
            return 1;
        }

        @Override
        Object read(ColumnReader r) {
            return (byte) r.getInteger();
        }

        @Override
        Object pageIndexValue(Object v) {
            return (int) (Byte) v;
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((int) (Byte) v);
        }
    }

    static final class Int16Codec extends ValueCodec {
        Int16Codec() {
            super(16);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((int) (Short) v, 0, def);
            return 2;
        }

        @Override
        Object read(ColumnReader r) {
            return (short) r.getInteger();
        }

        @Override
        Object pageIndexValue(Object v) {
            return (int) (Short) v;
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((int) (Short) v);
        }
    }

    static final class Int32Codec extends ValueCodec {
        Int32Codec() {
            super(16);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((int) (Integer) v, 0, def);
            return 4;
        }

        @Override
        Object read(ColumnReader r) {
            return r.getInteger();
        }

        @Override
        Object pageIndexValue(Object v) {
            return v;
        }

        @Override
        void readColumn(ColumnReader r, Object[] out, int rows, int maxDef) {
            for (int i = 0; i < rows; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    out[i] = r.getInteger();
                }
                r.consume();
            }
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((int) (Integer) v);
        }
    }

    static final class Int64Codec extends ValueCodec {
        Int64Codec() {
            super(24);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((long) (Long) v, 0, def);
            return 8;
        }

        @Override
        Object read(ColumnReader r) {
            return r.getLong();
        }

        @Override
        Object pageIndexValue(Object v) {
            return v;
        }

        @Override
        void readColumn(ColumnReader r, Object[] out, int rows, int maxDef) {
            for (int i = 0; i < rows; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    out[i] = r.getLong();
                }
                r.consume();
            }
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((long) (Long) v);
        }
    }

    static final class Float32Codec extends ValueCodec {
        Float32Codec() {
            super(16);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((float) (Float) v, 0, def);
            return 4;
        }

        @Override
        Object read(ColumnReader r) {
            return r.getFloat();
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((float) (Float) v);
        }
    }

    static final class Float64Codec extends ValueCodec {
        Float64Codec() {
            super(24);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((double) (Double) v, 0, def);
            return 8;
        }

        @Override
        Object read(ColumnReader r) {
            return r.getDouble();
        }

        @Override
        void readColumn(ColumnReader r, Object[] out, int rows, int maxDef) {
            for (int i = 0; i < rows; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    out[i] = r.getDouble();
                }
                r.consume();
            }
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((double) (Double) v);
        }
    }

    static final class StringCodec extends ValueCodec {
        StringCodec() {
            super(56);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
            w.write(Binary.fromConstantByteArray(b), 0, def);
            return b.length + 4;
        }

        @Override
        Object read(ColumnReader r) {
            return r.getBinary().toStringUsingUTF8();
        }

        @Override
        Object pageIndexValue(Object v) {
            return Binary.fromString((String) v);
        }

        @Override
        PrimitiveConverter newConverter() {
            return new DictionaryStringConverter();
        }

        /** Dictionary-encoded pages decode each distinct string once and share the instance. */
        @Override
        void readColumn(ColumnReader r, Object[] out, int rows, int maxDef, PrimitiveConverter converter) {
            DictionaryStringConverter c = (DictionaryStringConverter) converter;
            for (int i = 0; i < rows; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    r.writeCurrentValueToConverter();
                    out[i] = c.value;
                }
                r.consume();
            }
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash(Binary.fromString((String) v));
        }

        @Override
        long heapBytes(Object v) {
            return v == null ? 0 : heapBytes + ((String) v).length();
        }
    }

    static final class BinaryCodec extends ValueCodec {
        BinaryCodec() {
            super(16);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            byte[] b = (byte[]) v;
            w.write(Binary.fromConstantByteArray(b), 0, def);
            return b.length + 4;
        }

        @Override
        Object read(ColumnReader r) {
            Binary b = r.getBinary();
            byte[] out = new byte[b.length()];
            b.toByteBuffer().get(out);
            return out;
        }

        @Override
        Object pageIndexValue(Object v) {
            return Binary.fromConstantByteArray((byte[]) v);
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash(Binary.fromConstantByteArray((byte[]) v));
        }

        @Override
        long heapBytes(Object v) {
            return v == null ? 0 : heapBytes + ((byte[]) v).length;
        }
    }

    static final class DateCodec extends ValueCodec {
        DateCodec() {
            super(24);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write(Math.toIntExact(((LocalDate) v).toEpochDay()), 0, def);
            return 4;
        }

        @Override
        Object read(ColumnReader r) {
            return LocalDate.ofEpochDay(r.getInteger());
        }

        @Override
        Object pageIndexValue(Object v) {
            return Math.toIntExact(((LocalDate) v).toEpochDay());
        }

        @Override
        void readColumn(ColumnReader r, Object[] out, int rows, int maxDef) {
            int lastDay = 0;
            LocalDate last = null;
            for (int i = 0; i < rows; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    int day = r.getInteger();
                    if (last == null || day != lastDay) {
                        last = LocalDate.ofEpochDay(day);
                        lastDay = day;
                    }
                    out[i] = last;
                }
                r.consume();
            }
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash(Math.toIntExact(((LocalDate) v).toEpochDay()));
        }
    }

    static final class TimestampCodec extends ValueCodec {
        TimestampCodec() {
            super(48);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write(ValueCodec.micros((LocalDateTime) v), 0, def);
            return 8;
        }

        @Override
        Object read(ColumnReader r) {
            return ValueCodec.localDateTime(r.getLong());
        }

        @Override
        Object pageIndexValue(Object v) {
            return ValueCodec.micros((LocalDateTime) v);
        }

        /** Rows of one column often share a day: decode the date once per run of a day. */
        @Override
        void readColumn(ColumnReader r, Object[] out, int rows, int maxDef) {
            long lastDay = Long.MIN_VALUE;
            LocalDate date = null;
            for (int i = 0; i < rows; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    long micros = r.getLong();
                    long day = Math.floorDiv(micros, ValueCodec.MICROS_PER_DAY);
                    if (day != lastDay) {
                        date = LocalDate.ofEpochDay(day);
                        lastDay = day;
                    }
                    out[i] = LocalDateTime.of(date, LocalTime.ofNanoOfDay((micros - day * ValueCodec.MICROS_PER_DAY) * 1000));
                }
                r.consume();
            }
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash(ValueCodec.micros((LocalDateTime) v));
        }
    }

    static final class TimestampTzCodec extends ValueCodec {
        TimestampTzCodec() {
            super(24);
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write(KeyCodec.micros((Instant) v), 0, def);
            return 8;
        }

        @Override
        Object read(ColumnReader r) {
            return ValueCodec.instant(r.getLong());
        }

        @Override
        Object pageIndexValue(Object v) {
            return KeyCodec.micros((Instant) v);
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash(KeyCodec.micros((Instant) v));
        }
    }

    static final class DecimalCodec extends ValueCodec {
        private final ColumnType type;
        private final int scale;

        DecimalCodec(ColumnType type) {
            super(64);
            this.type = type;
            this.scale = type.scale();
        }

        @Override
        int write(ColumnWriter w, Object v, int def) {
            BigInteger u = KeyCodec.unscaled(type, (BigDecimal) v);
            if (type.precision() <= 9) {
                w.write(u.intValue(), 0, def);
                return 4;
            }
            if (type.precision() <= 18) {
                w.write(u.longValue(), 0, def);
                return 8;
            }
            w.write(Binary.fromConstantByteArray(fixed16(u)), 0, def);
            return ParquetSchemas.DECIMAL_FIXED_BYTES;
        }

        @Override
        Object read(ColumnReader r) {
            if (type.precision() <= 9) {
                return BigDecimal.valueOf(r.getInteger(), scale);
            }
            if (type.precision() <= 18) {
                return BigDecimal.valueOf(r.getLong(), scale);
            }
            Binary b = r.getBinary();
            byte[] two = new byte[b.length()];
            b.toByteBuffer().get(two);
            return new BigDecimal(new BigInteger(two), scale);
        }

        @Override
        Object pageIndexValue(Object v) {
            BigInteger u = KeyCodec.unscaled(type, (BigDecimal) v);
            if (type.precision() <= 9) {
                return u.intValue();
            }
            if (type.precision() <= 18) {
                return u.longValue();
            }
            return Binary.fromConstantByteArray(fixed16(u));
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            BigInteger u = KeyCodec.unscaled(type, (BigDecimal) v);
            if (type.precision() <= 9) {
                return f.hash(u.intValue());
            }
            if (type.precision() <= 18) {
                return f.hash(u.longValue());
            }
            return f.hash(Binary.fromConstantByteArray(fixed16(u)));
        }

        /** Big-endian two's complement in 16 bytes. */
        private static byte[] fixed16(BigInteger u) {
            byte[] two = u.toByteArray();
            byte[] fixed = new byte[ParquetSchemas.DECIMAL_FIXED_BYTES];
            byte fill = (byte) (u.signum() < 0 ? 0xFF : 0);
            int pad = fixed.length - two.length;
            for (int i = 0; i < pad; i++) {
                fixed[i] = fill;
            }
            System.arraycopy(two, 0, fixed, pad, two.length);
            return fixed;
        }
    }

    static final class DictionaryStringConverter extends PrimitiveConverter {
        private Dictionary dictionary;
        private String[] decoded;
        String value;

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dictionary) {
            this.dictionary = dictionary;
            this.decoded = new String[dictionary.getMaxId() + 1];
        }

        @Override
        public void addValueFromDictionary(int id) {
            String s = decoded[id];
            if (s == null) {
                s = dictionary.decodeToBinary(id).toStringUsingUTF8();
                decoded[id] = s;
            }
            value = s;
        }

        @Override
        public void addBinary(Binary b) {
            value = b.toStringUsingUTF8();
        }
    }
}
