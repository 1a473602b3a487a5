package org.tonbo4j.internal.key;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * The inverse of {@link KeyCodec}: turns an encoded key back into its column values, for tools
 * that show key ranges (file bounds are stored encoded). Stateless and thread-safe.
 */
public final class KeyDecoder {
    private final ColumnType[] types;

    public KeyDecoder(Schema schema) {
        this.types = new ColumnType[schema.keyColumnCount()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.column(schema.keyIndex(i)).type();
        }
    }

    /** The key values, in key order; throws IllegalArgumentException on bytes no key encodes to. */
    public Object[] decode(byte[] key) {
        Object[] out = new Object[types.length];
        int[] pos = {0};
        for (int i = 0; i < types.length; i++) {
            out[i] = component(types[i], key, pos);
        }
        if (pos[0] != key.length) {
            throw new IllegalArgumentException("encoded key has " + (key.length - pos[0]) + " trailing byte(s)");
        }
        return out;
    }

    private static Object component(ColumnType t, byte[] b, int[] pos) {
        switch (t.kind()) {
            case BOOLEAN: return take(b, pos, 1)[0] != 0;
            case INT8: return (byte) ((take(b, pos, 1)[0] & 0xFF) ^ 0x80);
            case INT16: return (short) (bigEndian(take(b, pos, 2)) ^ 0x8000);
            case INT32: return (int) bigEndian(take(b, pos, 4)) ^ Integer.MIN_VALUE;
            case INT64: return bigEndian(take(b, pos, 8)) ^ Long.MIN_VALUE;
            case FLOAT32: {
                int bits = (int) bigEndian(take(b, pos, 4));
                return Float.intBitsToFloat(bits < 0 ? bits ^ Integer.MIN_VALUE : ~bits);
            }
            case FLOAT64: {
                long bits = bigEndian(take(b, pos, 8));
                return Double.longBitsToDouble(bits < 0 ? bits ^ Long.MIN_VALUE : ~bits);
            }
            case STRING: return new String(unescape(b, pos), StandardCharsets.UTF_8);
            case BINARY: return unescape(b, pos);
            case DATE: return LocalDate.ofEpochDay((int) bigEndian(take(b, pos, 4)) ^ Integer.MIN_VALUE);
            case TIMESTAMP: return LocalDateTime.ofInstant(instant(bigEndian(take(b, pos, 8)) ^ Long.MIN_VALUE), ZoneOffset.UTC);
            case TIMESTAMP_TZ: return instant(bigEndian(take(b, pos, 8)) ^ Long.MIN_VALUE);
            case DECIMAL: {
                if (t.precision() <= 18) {
                    return BigDecimal.valueOf(bigEndian(take(b, pos, 8)) ^ Long.MIN_VALUE, t.scale());
                }
                byte[] fixed = take(b, pos, 16).clone();
                fixed[0] ^= (byte) 0x80;
                return new BigDecimal(new BigInteger(fixed), t.scale());
            }
            default: throw new AssertionError(t);
        }
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }

    private static byte[] take(byte[] b, int[] pos, int n) {
        if (pos[0] + n > b.length) {
            throw new IllegalArgumentException("encoded key ends inside a component at byte " + pos[0]);
        }
        byte[] out = Arrays.copyOfRange(b, pos[0], pos[0] + n);
        pos[0] += n;
        return out;
    }

    private static long bigEndian(byte[] b) {
        long v = 0;
        for (byte x : b) {
            v = (v << 8) | (x & 0xFF);
        }
        return v;
    }

    /** Reads an escaped byte string: 0x00 0xFF is a zero byte, 0x00 0x01 ends it. */
    private static byte[] unescape(byte[] b, int[] pos) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = pos[0];
        while (true) {
            if (i >= b.length) {
                throw new IllegalArgumentException("encoded key has an unterminated string at byte " + pos[0]);
            }
            byte x = b[i++];
            if (x != 0) {
                out.write(x);
                continue;
            }
            if (i >= b.length) {
                throw new IllegalArgumentException("encoded key has a bad escape at byte " + (i - 1));
            }
            byte next = b[i++];
            if (next == (byte) 0xFF) {
                out.write(0);
            } else if (next == 1) {
                pos[0] = i;
                return out.toByteArray();
            } else {
                throw new IllegalArgumentException("encoded key has a bad escape at byte " + (i - 2));
            }
        }
    }
}
