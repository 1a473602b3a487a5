package org.tonbo4j.internal.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

class KeyDecoderTest {

    private static void roundTrip(ColumnType type, List<Object> values) {
        Schema schema = Schema.builder().column("k", type, false).column("tail", ColumnType.STRING, false)
                .column("v", ColumnType.INT32).primaryKey("k", "tail").build();
        KeyCodec codec = new KeyCodec(schema);
        KeyDecoder decoder = new KeyDecoder(schema);
        for (Object v : values) {
            Object[] key = {v, "x\u0000y"};
            Object[] back = decoder.decode(codec.encodeKey(key));
            if (v instanceof byte[]) {
                assertArrayEquals((byte[]) v, (byte[]) back[0]);
            } else {
                assertEquals(v, back[0], type + " " + v);
            }
            assertEquals("x\u0000y", back[1]);
        }
    }

    @Test
    void everyKeyTypeRoundTrips() {
        roundTrip(ColumnType.BOOLEAN, List.of(true, false));
        roundTrip(ColumnType.INT8, List.of((byte) -128, (byte) -1, (byte) 0, (byte) 127));
        roundTrip(ColumnType.INT16, List.of(Short.MIN_VALUE, (short) -7, (short) 0, Short.MAX_VALUE));
        roundTrip(ColumnType.INT32, List.of(Integer.MIN_VALUE, -1, 0, 42, Integer.MAX_VALUE));
        roundTrip(ColumnType.INT64, List.of(Long.MIN_VALUE, -1L, 0L, 1L << 40, Long.MAX_VALUE));
        roundTrip(ColumnType.FLOAT32, List.of(Float.NEGATIVE_INFINITY, -1.5f, -0.0f, 0.0f, 3.25f, Float.MAX_VALUE, Float.NaN));
        roundTrip(ColumnType.FLOAT64, List.of(Double.NEGATIVE_INFINITY, -1e300, -0.0, 0.0, Math.PI, Double.NaN));
        roundTrip(ColumnType.STRING, List.of("", "a", "\u0000", "\u00e9t\u00e9", "\uD83D\uDE00", "\u0000\u0000x"));
        roundTrip(ColumnType.BINARY, Arrays.asList(new byte[0], new byte[] {0, 0, -1, 1}, new byte[] {127}));
        roundTrip(ColumnType.DATE, List.of(LocalDate.of(1969, 12, 31), LocalDate.of(2026, 11, 23)));
        roundTrip(ColumnType.TIMESTAMP, List.of(LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1000), LocalDateTime.of(2026, 11, 23, 22, 0, 0, 123456000)));
        roundTrip(ColumnType.TIMESTAMP_TZ, List.of(Instant.ofEpochSecond(-1, 999_999_000), Instant.parse("2026-11-23T22:00:00.000001Z")));
        roundTrip(ColumnType.decimal(10, 2), List.of(new BigDecimal("-99999999.99"), new BigDecimal("0.00"), new BigDecimal("12.34")));
        roundTrip(ColumnType.decimal(30, 5), List.of(new BigDecimal("-1234567890123456789012.12345"), new BigDecimal("7.00000")));
    }

    @Test
    void malformedBytesAreRejected() {
        Schema schema = Schema.builder().column("s", ColumnType.STRING, false).primaryKey("s").build();
        KeyDecoder d = new KeyDecoder(schema);
        assertThrows(IllegalArgumentException.class, () -> d.decode(new byte[] {'a'}));
        assertThrows(IllegalArgumentException.class, () -> d.decode(new byte[] {'a', 0, 7}));
        assertThrows(IllegalArgumentException.class, () -> d.decode(new byte[] {'a', 0, 1, 9}));
    }
}
