package org.tonbo4j.internal.wal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.log.MalformedRecordException;

/**
 * Rows through the WAL row encoding and back, whole and by wanted columns, for null bitmaps of
 * one byte and of more than eight bytes (the decoder keeps up to 64 null bits in a long).
 */
class RowCodecTest {
    private static Schema schema(int nullable) {
        Schema.Builder b = Schema.builder().column("id", ColumnType.INT64, false);
        for (int i = 0; i < nullable; i++) {
            b.column("c" + i, i % 2 == 0 ? ColumnType.INT64 : ColumnType.STRING);
        }
        return b.primaryKey("id").build();
    }

    private static void roundTrips(int nullable) {
        Schema s = schema(nullable);
        RowCodec codec = new RowCodec(s);
        Random r = new Random(nullable);
        for (int n = 0; n < 200; n++) {
            Object[] row = new Object[s.columnCount()];
            row[0] = (long) n;
            boolean[] wanted = new boolean[row.length];
            for (int c = 1; c < row.length; c++) {
                if (r.nextInt(3) > 0) {
                    row[c] = c % 2 == 1 ? (Object) r.nextLong() : "v" + r.nextInt(1000);
                }
                wanted[c] = r.nextBoolean();
            }
            byte[] bytes = codec.rowBytes(row);
            assertArrayEquals(row, codec.decodeRow(bytes));
            Object[] some = codec.decodeRow(bytes, wanted);
            for (int c = 0; c < row.length; c++) {
                assertArrayEquals(new Object[] {wanted[c] ? row[c] : null}, new Object[] {some[c]}, "column " + c);
            }
        }
    }

    @Test
    void rowsRoundTripWithSmallAndLargeNullBitmaps() {
        roundTrips(3);   // one bitmap byte
        roundTrips(64);  // eight bytes: the last that fits a long
        roundTrips(70);  // nine bytes
    }

    @Test
    void bitsPastTheLastColumnAreRejected() {
        for (int nullable : new int[] {3, 70}) {
            RowCodec codec = new RowCodec(schema(nullable));
            Object[] row = new Object[nullable + 1];
            row[0] = 1L;
            byte[] bytes = codec.rowBytes(row);
            int bitmapBytes = (nullable + 7) / 8;
            bytes[bitmapBytes - 1] |= (byte) 0x80; // the bitmap's last bit: no column has it
            assertThrows(MalformedRecordException.class, () -> codec.decodeRow(bytes, new boolean[nullable + 1]));
        }
    }
}
