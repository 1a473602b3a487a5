package org.tonbo4j.internal.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.log.Files;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.Storage;

class WalTest {
    private static final String SEG = FileNames.wal(7);

    private final MemoryStorage storage = new MemoryStorage();

    /** Writes the batches; returns each record's start offset plus the end offset. */
    private static long[] write(Storage s, String name, Schema schema, List<List<Entry>> batches) throws IOException {
        long[] off = new long[batches.size() + 1];
        try (WalWriter w = new WalWriter(s, name, schema)) {
            for (int i = 0; i < batches.size(); i++) {
                off[i] = w.size();
                w.append(batches.get(i));
            }
            off[batches.size()] = w.size();
            w.sync();
        }
        return off;
    }

    private static List<List<Entry>> replay(Storage s, String name, Schema schema, boolean last) throws IOException {
        List<List<Entry>> out = new ArrayList<>();
        long n = WalReader.replay(s, name, schema, last, out::add);
        assertEquals(out.size(), n);
        return out;
    }

    private static List<List<Entry>> batches(Schema schema, int count, int size) {
        List<List<Entry>> bs = new ArrayList<>();
        long seq = 1;
        for (int i = 0; i < count; i++) {
            bs.add(Rows.batch(schema, seq, size, i));
            seq += size;
        }
        return bs;
    }

    private static void assertBatches(List<List<Entry>> expected, List<List<Entry>> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Rows.assertSame(expected.get(i), actual.get(i));
        }
    }

    @Test
    void roundTripsEveryTypeWithNullsAndTombstones() throws IOException {
        List<List<Entry>> bs = batches(Rows.ALL_TYPES, 20, 50);
        write(storage, SEG, Rows.ALL_TYPES, bs);
        assertBatches(bs, replay(storage, SEG, Rows.ALL_TYPES, true));
        assertBatches(bs, replay(storage, SEG, Rows.ALL_TYPES, false));
    }

    @Test
    void edgeValuesRoundTripExactly() throws IOException {
        Object[] min = {Long.MIN_VALUE, false, Byte.MIN_VALUE, Short.MIN_VALUE, Integer.MIN_VALUE, Long.MIN_VALUE,
            -0.0f, Double.NaN, "", new byte[0], LocalDate.MIN, LocalDateTime.of(-290000, 1, 1, 0, 0),
            Instant.ofEpochSecond(-1, 999_999_000), new BigDecimal("-999999999.999"),
            new BigDecimal("-9999999999999999999999999999.9999999999")};
        Object[] max = {Long.MAX_VALUE, true, Byte.MAX_VALUE, Short.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE,
            Float.intBitsToFloat(0x7fc00123), Double.NEGATIVE_INFINITY, "\u0000\ud83d\ude00 nul and emoji",
            new byte[] {0, -1, 0}, LocalDate.MAX, LocalDateTime.of(290000, 12, 31, 23, 59, 59, 999_999_000),
            Instant.ofEpochSecond(0, 1000), new BigDecimal("999999999.999"), new BigDecimal("0.0000000001")};
        Object[] nulls = {0L, null, null, null, null, null, null, null, "x", null, null, null, null, null, null};
        Schema s = Rows.ALL_TYPES;
        List<Entry> b = List.of(Rows.put(s, 5, min), Rows.put(s, 6, max), Rows.put(s, 7, nulls), Rows.delete(s, 8, max));
        write(storage, SEG, s, List.of(b));
        List<List<Entry>> got = replay(storage, SEG, s, true);
        Rows.assertSame(b, got.get(0));
        assertTrue(got.get(0).get(3).tombstone);
        assertEquals(Arrays.asList(Long.MAX_VALUE, null, null), Arrays.asList(got.get(0).get(3).values).subList(0, 3));
    }

    @Test
    void timestampsAreTruncatedToMicroseconds() throws IOException {
        Object[] row = new Object[Rows.ALL_TYPES.columnCount()];
        row[0] = 1L;
        row[8] = "k";
        row[11] = LocalDateTime.of(2020, 5, 6, 7, 8, 9, 123_456_789);
        row[12] = Instant.ofEpochSecond(-5, 999_999_999);
        write(storage, SEG, Rows.ALL_TYPES, List.of(List.of(Rows.put(Rows.ALL_TYPES, 1, row))));
        Object[] got = replay(storage, SEG, Rows.ALL_TYPES, true).get(0).get(0).values;
        assertEquals(LocalDateTime.of(2020, 5, 6, 7, 8, 9, 123_456_000), got[11]);
        assertEquals(Instant.ofEpochSecond(-5, 999_999_000), got[12]);
    }

    @Test
    void decimalsComeBackAtTheColumnScale() throws IOException {
        Object[] row = new Object[Rows.ALL_TYPES.columnCount()];
        row[0] = 1L;
        row[8] = "k";
        row[13] = new BigDecimal("12.5");
        row[14] = BigDecimal.ONE;
        write(storage, SEG, Rows.ALL_TYPES, List.of(List.of(Rows.put(Rows.ALL_TYPES, 1, row))));
        Object[] got = replay(storage, SEG, Rows.ALL_TYPES, true).get(0).get(0).values;
        assertEquals(new BigDecimal("12.500"), got[13]);
        assertEquals(new BigDecimal("1.0000000000"), got[14]);
    }

    @Test
    void bigBatchesAndManyRecords() throws IOException {
        List<List<Entry>> big = batches(Rows.MIXED, 3, 5_000);
        write(storage, SEG, Rows.MIXED, big);
        assertBatches(big, replay(storage, SEG, Rows.MIXED, true));

        String other = FileNames.wal(8);
        List<List<Entry>> many = batches(Rows.MIXED, 1000, 2);
        write(storage, other, Rows.MIXED, many);
        assertBatches(many, replay(storage, other, Rows.MIXED, false));
    }

    @Test
    void badBatchesAreRejectedAndWriteNothing() throws IOException {
        try (WalWriter w = new WalWriter(storage, SEG, Rows.MIXED)) {
            long size = w.size();
            Object[] row = Rows.mixedRow(1, new java.util.Random(1));
            Entry a = Rows.put(Rows.MIXED, 10, row);
            Entry gap = Rows.put(Rows.MIXED, 12, row);
            assertThrows(IllegalArgumentException.class, () -> w.append(List.of()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.append(List.of(a, gap)));
            assertTrue(e.getMessage().contains("seq 12, expected 11"), e.getMessage());
            Object[] wrong = row.clone();
            wrong[2] = "not an int";
            e = assertThrows(IllegalArgumentException.class,
                    () -> w.append(List.of(new Entry(a.key, 10, false, wrong))));
            assertTrue(e.getMessage().contains("'age' is INT32"), e.getMessage());
            Object[] shortRow = Arrays.copyOf(row, 3);
            assertThrows(IllegalArgumentException.class, () -> w.append(List.of(new Entry(a.key, 10, false, shortRow))));
            Object[] nullKey = row.clone();
            nullKey[0] = null;
            e = assertThrows(IllegalArgumentException.class, () -> w.append(List.of(new Entry(a.key, 10, false, nullKey))));
            assertTrue(e.getMessage().contains("'id' is NOT NULL"), e.getMessage());
            assertEquals(size, w.size());
            w.append(List.of(a));
            assertTrue(w.size() > size);
        }
        assertEquals(1, replay(storage, SEG, Rows.MIXED, true).size());
    }

    @Test
    void tornTailAtEveryOffsetOfTheLastBatch() throws IOException {
        List<List<Entry>> bs = batches(Rows.ALL_TYPES, 3, 4);
        long[] off = write(storage, SEG, Rows.ALL_TYPES, bs);
        byte[] whole = storage.readAll(SEG);
        for (long cut = off[2]; cut < off[3]; cut++) {
            Files.rewrite(storage, SEG, Arrays.copyOf(whole, (int) cut));
            assertBatches(bs.subList(0, 2), replay(storage, SEG, Rows.ALL_TYPES, true));
        }
    }

    @Test
    void bitFlipInAMiddleBatchNamesFileAndOffset() throws IOException {
        List<List<Entry>> bs = batches(Rows.MIXED, 3, 10);
        long[] off = write(storage, SEG, Rows.MIXED, bs);
        Files.flip(storage, SEG, (off[1] + off[2]) / 2, 5);
        CorruptionException e = assertThrows(CorruptionException.class, () -> replay(storage, SEG, Rows.MIXED, true));
        assertEquals(SEG, e.file());
        assertEquals(off[1], e.offset());
        assertTrue(e.getMessage().startsWith("corrupt file " + SEG + " at offset " + off[1] + ": record checksum mismatch"),
                e.getMessage());
    }

    @Test
    void anyDamageInAnOlderSegmentIsCorruption() throws IOException {
        List<List<Entry>> bs = batches(Rows.MIXED, 2, 10);
        long[] off = write(storage, SEG, Rows.MIXED, bs);
        Files.truncate(storage, SEG, off[2] - 1);
        CorruptionException e = assertThrows(CorruptionException.class, () -> replay(storage, SEG, Rows.MIXED, false));
        assertEquals(off[1], e.offset());
        assertTrue(e.getMessage().contains("not the newest file"), e.getMessage());
        assertEquals(1, replay(storage, SEG, Rows.MIXED, true).size());
    }

    @Test
    void validFramingWithAMalformedPayloadIsCorruption() throws IOException {
        List<List<Entry>> bs = batches(Rows.MIXED, 1, 3);
        write(storage, SEG, Rows.MIXED, bs);
        // The same bytes read with a schema of a different shape: checksums pass, the grammar fails.
        Schema other = Schema.builder().column("id", org.tonbo4j.ColumnType.INT64, false)
                .column("x", org.tonbo4j.ColumnType.BOOLEAN, false).primaryKey("id").build();
        CorruptionException e = assertThrows(CorruptionException.class, () -> replay(storage, SEG, other, true));
        assertTrue(e.getMessage().contains("malformed record"), e.getMessage());
    }

    @Test
    void localStorageRoundTripAndTornTail(@TempDir Path dir) throws IOException {
        LocalStorage local = new LocalStorage(dir);
        List<List<Entry>> bs = batches(Rows.ALL_TYPES, 5, 30);
        long[] off = write(local, SEG, Rows.ALL_TYPES, bs);
        assertBatches(bs, replay(local, SEG, Rows.ALL_TYPES, false));
        Files.truncate(local, SEG, off[4] + 20);
        assertBatches(bs.subList(0, 4), replay(local, SEG, Rows.ALL_TYPES, true));
    }

    /**
     * A batch of encoded mutations larger than the streaming threshold is written in chunks and
     * replays as the same batch as one built in a buffer; a payload whose pieces do not add up to
     * its announced length is refused before anything is written.
     */
    @Test
    void aLargeEncodedBatchIsWrittenInChunksAndReplaysWhole() throws IOException {
        Schema s = Rows.ALL_TYPES;
        List<Entry> big = Rows.batch(s, 100, 40_000, 3);
        RowCodec codec = new RowCodec(s);
        org.tonbo4j.internal.key.KeyCodec keys = new org.tonbo4j.internal.key.KeyCodec(s);
        List<org.tonbo4j.internal.Mutation> ms = new ArrayList<>();
        for (Entry e : big) {
            ms.add(new org.tonbo4j.internal.Mutation(keys.encodeRow(e.values), e.tombstone,
                    e.tombstone ? codec.keyBytes(e.values) : codec.rowBytes(e.values)));
        }
        org.tonbo4j.internal.MutationBatch batch = org.tonbo4j.internal.MutationBatch.of(ms);
        assertTrue(BatchCodec.payloadLength(batch) > 2 << 20, "the batch must take the streamed path");
        List<Entry> small = Rows.batch(s, 100 + big.size(), 5, 4);
        try (WalWriter w = new WalWriter(storage, SEG, s)) {
            w.append(100, batch);
            w.append(small);
            w.sync();
        }
        List<List<Entry>> got = replay(storage, SEG, s, true);
        assertEquals(2, got.size());
        Rows.assertSame(big, got.get(0));
        Rows.assertSame(small, got.get(1));

        String other = FileNames.wal(8);
        try (org.tonbo4j.internal.log.LogWriter log = new org.tonbo4j.internal.log.LogWriter(storage, other,
                org.tonbo4j.internal.log.LogFormat.WAL_MAGIC)) {
            long before = log.size();
            org.tonbo4j.internal.log.RecordPayload wrong = BatchCodec.payload(1, batch, (int) BatchCodec.payloadLength(batch) + 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> log.writeStreamed(org.tonbo4j.internal.log.LogFormat.TYPE_WAL_BATCH, wrong));
            assertTrue(e.getMessage().contains("announced"), e.getMessage());
            assertEquals(before, log.size(), "nothing written");
        }
    }
}
