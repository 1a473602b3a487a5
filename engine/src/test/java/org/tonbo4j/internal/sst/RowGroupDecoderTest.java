package org.tonbo4j.internal.sst;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.key.KeyCodec;

class RowGroupDecoderTest {

    @Test
    void fastKeysMatchKeyCodec() {
        KeyCodec longs = new KeyCodec(Schema.builder().column(Column.required("k", ColumnType.INT64)).primaryKey("k").build());
        KeyCodec ints = new KeyCodec(Schema.builder().column(Column.required("k", ColumnType.INT32)).primaryKey("k").build());
        Random rnd = new Random(1);
        long[] specials = {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 1, Integer.MIN_VALUE, Integer.MAX_VALUE};
        for (int i = 0; i < 10_000; i++) {
            long v = i < specials.length ? specials[i] : rnd.nextLong() >> rnd.nextInt(64);
            assertArrayEquals(longs.encodeKey(v), RowGroupDecoder.int64Key(v));
            assertArrayEquals(ints.encodeKey((int) v), RowGroupDecoder.int32Key((int) v));
        }
    }
}
