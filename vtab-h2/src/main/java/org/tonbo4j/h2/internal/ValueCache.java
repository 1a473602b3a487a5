package org.tonbo4j.h2.internal;

import org.h2.value.Value;

/**
 * Reuses the H2 value converted from an equal engine value, per column, while a cursor runs:
 * analytical columns repeat a few values (flags, dates, small decimals) and converting each
 * anew costs an allocation plus H2's global value interning. A column whose values hardly repeat
 * turns its cache off after a sample. Used by one cursor's thread only.
 */
final class ValueCache {
    private static final int SLOTS = 4096;
    private static final int SAMPLE = 8192;

    private final int[] h2Types;
    private final Object[][] keys;
    private final Value[][] values;
    private final int[] lookups;
    private final int[] hits;

    ValueCache(int[] h2Types) {
        this.h2Types = h2Types;
        int n = h2Types.length;
        keys = new Object[n][];
        values = new Value[n][];
        lookups = new int[n];
        hits = new int[n];
        for (int i = 0; i < n; i++) {
            if (isCacheable(h2Types[i])) {
                keys[i] = new Object[SLOTS];
                values[i] = new Value[SLOTS];
            }
        }
    }

    private static boolean isCacheable(int h2Type) {
        switch (h2Type) {
            case Value.NUMERIC:
            case Value.DATE:
            case Value.TIMESTAMP:
            case Value.TIMESTAMP_TZ:
            case Value.CHAR:
            case Value.VARCHAR:
                return true;
            default:
                return false;
        }
    }

    /** The H2 value of engine value {@code o} (not null) of column {@code column}. */
    Value get(int column, Object o) {
        Object[] k = keys[column];
        if (k == null) {
            return TypeMapping.toH2(o, h2Types[column]);
        }
        int slot = o.hashCode() & (SLOTS - 1);
        if (o.equals(k[slot])) {
            hits[column]++;
            return values[column][slot];
        }
        Value v = TypeMapping.toH2(o, h2Types[column]);
        k[slot] = o;
        values[column][slot] = v;
        if (++lookups[column] == SAMPLE && hits[column] < SAMPLE) {
            keys[column] = null; // fewer hits than misses: not worth it for this column
            values[column] = null;
        }
        return v;
    }
}
