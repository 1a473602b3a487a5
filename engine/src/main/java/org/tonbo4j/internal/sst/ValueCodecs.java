package org.tonbo4j.internal.sst;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.io.api.Binary;
import org.tonbo4j.ColumnType;
import org.tonbo4j.internal.key.KeyCodec;

/** The {@link ValueCodec} of each column type, following the mapping of {@link ParquetSchemas}. Stateless. */
final class ValueCodecs {
    private ValueCodecs() {
    }

    static final class BooleanCodec extends ValueCodec {
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((Boolean) v, 0, def);
            return 1;
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
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((int) (Byte) v, 0, def);
            return 1;
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
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((int) (Short) v, 0, def);
            return 2;
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
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((int) (Integer) v, 0, def);
            return 4;
        }

        @Override
        Object pageIndexValue(Object v) {
            return v;
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((int) (Integer) v);
        }
    }

    static final class Int64Codec extends ValueCodec {
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((long) (Long) v, 0, def);
            return 8;
        }

        @Override
        Object pageIndexValue(Object v) {
            return v;
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((long) (Long) v);
        }
    }

    static final class Float32Codec extends ValueCodec {
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((float) (Float) v, 0, def);
            return 4;
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((float) (Float) v);
        }
    }

    static final class Float64Codec extends ValueCodec {
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write((double) (Double) v, 0, def);
            return 8;
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash((double) (Double) v);
        }
    }

    static final class StringCodec extends ValueCodec {
        @Override
        int write(ColumnWriter w, Object v, int def) {
            byte[] b = ((String) v).getBytes(StandardCharsets.UTF_8);
            w.write(Binary.fromConstantByteArray(b), 0, def);
            return b.length + 4;
        }

        @Override
        Object pageIndexValue(Object v) {
            return Binary.fromString((String) v);
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash(Binary.fromString((String) v));
        }

    }

    static final class BinaryCodec extends ValueCodec {
        @Override
        int write(ColumnWriter w, Object v, int def) {
            byte[] b = (byte[]) v;
            w.write(Binary.fromConstantByteArray(b), 0, def);
            return b.length + 4;
        }

        @Override
        Object pageIndexValue(Object v) {
            return Binary.fromConstantByteArray((byte[]) v);
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash(Binary.fromConstantByteArray((byte[]) v));
        }

    }

    static final class DateCodec extends ValueCodec {
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write(Math.toIntExact(((LocalDate) v).toEpochDay()), 0, def);
            return 4;
        }

        @Override
        Object pageIndexValue(Object v) {
            return Math.toIntExact(((LocalDate) v).toEpochDay());
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash(Math.toIntExact(((LocalDate) v).toEpochDay()));
        }
    }

    static final class TimestampCodec extends ValueCodec {
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write(ValueCodec.micros((LocalDateTime) v), 0, def);
            return 8;
        }

        @Override
        Object pageIndexValue(Object v) {
            return ValueCodec.micros((LocalDateTime) v);
        }

        @Override
        long bloomHash(BloomFilter f, Object v) {
            return f.hash(ValueCodec.micros((LocalDateTime) v));
        }
    }

    static final class TimestampTzCodec extends ValueCodec {
        @Override
        int write(ColumnWriter w, Object v, int def) {
            w.write(KeyCodec.micros((Instant) v), 0, def);
            return 8;
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
}
