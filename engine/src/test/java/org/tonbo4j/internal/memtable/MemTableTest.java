package org.tonbo4j.internal.memtable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.Mutation;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.wal.RowCodec;

/**
 * Batches added to a memtable, small ones row by row and large ones merged in one linear pass,
 * read back against a model: every version, in key order then newest first.
 */
class MemTableTest {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.INT64, false).primaryKey("id").build();
    private static final KeyCodec KEYS = new KeyCodec(SCHEMA);
    private static final RowCodec CODEC = new RowCodec(SCHEMA);

    @Test
    void smallAndLargeBatchesKeepEveryVersionInOrder() {
        Random r = new Random(11);
        MemTable m = new MemTable(1, CODEC);
        // model: key -> (seq -> value), versions newest first when read
        TreeMap<Long, TreeMap<Long, Long>> model = new TreeMap<>();
        long seq = 1;
        int[] sizes = {10, 3, 5_000, 200, 40_000, 7, 4_096, 30_000};
        for (int size : sizes) {
            List<Mutation> batch = new ArrayList<>();
            java.util.Set<Long> keysInBatch = new java.util.HashSet<>();
            while (batch.size() < size) {
                long k = r.nextInt(60_000);
                if (!keysInBatch.add(k)) {
                    continue; // a transaction's batch holds each key once
                }
                long v = r.nextLong();
                batch.add(new Mutation(KEYS.encodeKey(k), false, CODEC.rowBytes(new Object[] {k, v})));
            }
            batch.sort((a, b) -> KeyCodec.compare(a.key(), b.key()));
            m.addBatch(batch, seq);
            for (int i = 0; i < batch.size(); i++) {
                Object[] row = CODEC.decodeRow(batch.get(i).encoded());
                model.computeIfAbsent((Long) row[0], x -> new TreeMap<>()).put(seq + i, (Long) row[1]);
            }
            seq += batch.size();
            check(m, model, seq - 1);
        }
    }

    private static void check(MemTable m, TreeMap<Long, TreeMap<Long, Long>> model, long lastSeq) {
        int versions = 0;
        Iterator<Entry> it = m.iterator();
        for (Map.Entry<Long, TreeMap<Long, Long>> k : model.entrySet()) {
            for (Map.Entry<Long, Long> v : k.getValue().descendingMap().entrySet()) {
                Entry e = it.next();
                assertArrayEquals(KEYS.encodeKey(k.getKey()), e.key);
                assertEquals(v.getKey(), e.seq);
                assertEquals(v.getValue(), e.values[1]);
                versions++;
            }
        }
        assertFalse(it.hasNext());
        assertEquals(versions, m.size());
        assertEquals(lastSeq, m.maxSeq());
        long probe = model.firstKey();
        Entry newest = m.get(KEYS.encodeKey(probe), Long.MAX_VALUE);
        assertEquals(model.get(probe).lastEntry().getValue(), newest.values[1]);
        assertNull(m.get(KEYS.encodeKey(-1L), Long.MAX_VALUE));
    }
}
