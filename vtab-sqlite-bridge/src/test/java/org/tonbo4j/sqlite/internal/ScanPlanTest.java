package org.tonbo4j.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

class ScanPlanTest {
    private static final Schema ONE_KEY = Schema.builder().column("id", ColumnType.INT64, false)
            .column("v", ColumnType.FLOAT64).primaryKey("id").build();
    private static final Schema TWO_KEYS = Schema.builder().column("a", ColumnType.INT64, false)
            .column("b", ColumnType.INT64, false).column("v", ColumnType.FLOAT64).primaryKey("a", "b").build();

    private static Constraint c(int column, int op, Object value) {
        return new Constraint(column, op, value, null);
    }

    private static String where(ScanPlan p) {
        return p.scan.where().stream().map(x -> x.column() + " " + x.op() + " " + x.value()).collect(Collectors.joining(", "));
    }

    @Test
    void keyRangeBecomesBoundsOnlyAndOtherColumnsStayEnginePredicates() {
        List<Constraint> cs = List.of(c(0, Protocol.OP_GE, 10L), c(0, Protocol.OP_LE, 20L), c(0, Protocol.OP_LT, 30L),
                c(1, Protocol.OP_GT, 2.5));
        ScanPlan p = new ScanPlan(ONE_KEY, cs, 0b11, false);
        assertNull(p.pointKeys);
        assertArrayEquals(new Object[] {10L}, p.scan.from());
        assertArrayEquals(new Object[] {20L}, p.scan.to());
        assertEquals(true, p.scan.toInclusive());
        assertEquals("v GT 2.5", where(p));
        assertEquals(cs, p.filters); // the cursor still tests all of them
    }

    @Test
    void keyTermsWithoutAnExactKeyValueAreLeftToTheCursor() {
        // 2.5 is no INT64 key: neither a bound nor an engine predicate; the cursor tests it
        List<Constraint> cs = List.of(c(0, Protocol.OP_GT, 2.5));
        ScanPlan p = new ScanPlan(ONE_KEY, cs, 0b11, false);
        assertNull(p.scan.from());
        assertEquals("", where(p));
        assertEquals(cs, p.filters);
    }

    @Test
    void compositeKeyPrefixAndRangeAreBoundsOthersStay() {
        List<Constraint> cs = List.of(c(0, Protocol.OP_EQ, 1L), c(1, Protocol.OP_GE, 5L), c(1, Protocol.OP_LT, 9L),
                c(0, Protocol.OP_LT, 4L), c(2, Protocol.OP_EQ, 1.0));
        ScanPlan p = new ScanPlan(TWO_KEYS, cs, 0b111, false);
        assertArrayEquals(new Object[] {1L, 5L}, p.scan.from());
        assertArrayEquals(new Object[] {1L, 9L}, p.scan.to());
        assertEquals(false, p.scan.toInclusive());
        // a < 4 is a range on a fixed prefix column: not one of the bounds, kept
        assertEquals("a LT 4, v EQ 1.0", where(p));
    }

    @Test
    void rangeOnASecondKeyColumnWithoutAPrefixStaysAPredicate() {
        ScanPlan p = new ScanPlan(TWO_KEYS, List.of(c(1, Protocol.OP_GE, 5L)), 0b111, false);
        assertNull(p.scan.from());
        assertEquals("b GE 5", where(p));
    }
}
