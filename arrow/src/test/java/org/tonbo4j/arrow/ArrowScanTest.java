package org.tonbo4j.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Decimal;
import org.tonbo4j.Nullable;
import org.tonbo4j.PrimaryKey;
import org.tonbo4j.Scan;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.storage.MemoryStorage;

class ArrowScanTest {
    record Everything(@PrimaryKey long id, boolean b, byte i8, short i16, int i32, float f32, double f64,
                      @Nullable String s, @Nullable byte[] bin, LocalDate date, LocalDateTime ts, Instant tstz,
                      @Decimal(precision = 12, scale = 3) BigDecimal dec) {
    }

    private static Everything row(long i) {
        return new Everything(i, i % 2 == 0, (byte) i, (short) (i * 3), (int) (i * 7), i / 2f, i / 4.0,
                i % 5 == 0 ? null : "s" + i, i % 3 == 0 ? null : new byte[] {(byte) i, 0}, LocalDate.of(2026, 1, 1).plusDays(i),
                LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(i).plusNanos(1000), Instant.ofEpochSecond(1_700_000_000L + i),
                new BigDecimal(i + ".125"));
    }

    @Test
    void batchesCarryEveryTypeAndTheProjection() {
        try (Table<Everything> t = Tonbo.open(new MemoryStorage(), Everything.class, org.tonbo4j.Options.defaults());
             RootAllocator allocator = new RootAllocator()) {
            List<Everything> rows = new ArrayList<>();
            for (long i = 0; i < 2500; i++) {
                rows.add(row(i));
            }
            t.insertAll(rows);
            t.flush();
            long seen = 0;
            int batches = 0;
            try (ArrowScan scan = new ArrowScan(t, Scan.all(), allocator, 1000)) {
                assertEquals(13, scan.arrowSchema().getFields().size());
                while (scan.hasNext()) {
                    VectorSchemaRoot root = scan.next();
                    batches++;
                    for (int r = 0; r < root.getRowCount(); r++, seen++) {
                        Everything want = row(seen);
                        assertEquals(want.id(), ((BigIntVector) root.getVector("id")).get(r));
                        assertEquals(want.b(), root.getVector("b").getObject(r));
                        assertEquals(want.i8(), root.getVector("i8").getObject(r));
                        assertEquals(want.i16(), root.getVector("i16").getObject(r));
                        assertEquals(want.i32(), root.getVector("i32").getObject(r));
                        assertEquals(want.f32(), root.getVector("f32").getObject(r));
                        assertEquals(want.f64(), root.getVector("f64").getObject(r));
                        if (want.s() == null) {
                            assertNull(root.getVector("s").getObject(r));
                        } else {
                            assertEquals(want.s(), ((VarCharVector) root.getVector("s")).getObject(r).toString());
                        }
                        if (want.bin() == null) {
                            assertNull(root.getVector("bin").getObject(r));
                        } else {
                            assertArrayEquals(want.bin(), (byte[]) root.getVector("bin").getObject(r));
                        }
                        assertEquals((int) want.date().toEpochDay(), ((org.apache.arrow.vector.DateDayVector) root.getVector("date")).get(r));
                        assertEquals(want.ts(), root.getVector("ts").getObject(r));
                        assertEquals(want.tstz().getEpochSecond() * 1_000_000L,
                                ((org.apache.arrow.vector.TimeStampMicroTZVector) root.getVector("tstz")).get(r));
                        assertEquals(want.dec(), ((DecimalVector) root.getVector("dec")).getObject(r));
                    }
                }
            }
            assertEquals(2500, seen);
            assertEquals(3, batches);
            try (ArrowScan scan = new ArrowScan(t, Scan.builder().from(100L).toExclusive(110L).columns("dec").build(), allocator, 64)) {
                VectorSchemaRoot root = scan.next();
                assertEquals(List.of("id", "dec"), root.getSchema().getFields().stream().map(f -> f.getName()).toList());
                assertEquals(10, root.getRowCount());
                assertEquals(new BigDecimal("105.125"), ((DecimalVector) root.getVector("dec")).getObject(5));
                assertTrue(!scan.hasNext());
            }
            assertEquals(0, allocator.getAllocatedMemory(), "every buffer released");
        }
    }
}
