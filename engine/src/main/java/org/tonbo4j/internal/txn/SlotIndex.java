package org.tonbo4j.internal.txn;

import java.util.Arrays;
import org.tonbo4j.internal.key.KeyBytes;

/**
 * The live {@link Slot}s of a {@link WriteBuffer} by key: open addressing with linear probing in
 * a power-of-two table at most half full, deletion by shifting the following run back (no
 * tombstones). Holds the slots themselves, so an entry costs no node or key wrapper; their hashes
 * sit in a parallel array, so a probe touches a slot object (a likely cache miss in a large
 * transaction) only when its hash matches. Not thread-safe.
 */
final class SlotIndex {
    private Slot[] table = new Slot[16];
    private int[] hashes = new int[16];
    private int size;

    int size() {
        return size;
    }

    /** The slot of {@code key} ({@code hash} = {@code KeyBytes.hash(key)}), or null. */
    Slot get(byte[] key, int hash) {
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Slot s = table[i];
            if (s == null) {
                return null;
            }
            if (hashes[i] == hash && Arrays.equals(s.key, key)) {
                return s;
            }
        }
    }

    /** Adds a slot whose key is not in the index (computing its hash). */
    void add(Slot s) {
        s.hash = KeyBytes.hash(s.key);
        if (2 * (size + 1) > table.length) {
            grow();
        }
        insert(table, hashes, s);
        size++;
    }

    private static void insert(Slot[] t, int[] h, Slot s) {
        int mask = t.length - 1;
        int i = s.hash & mask;
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = s;
        h[i] = s.hash;
    }

    private void grow() {
        Slot[] next = new Slot[table.length * 2];
        int[] nextHashes = new int[next.length];
        for (Slot s : table) {
            if (s != null) {
                insert(next, nextHashes, s);
            }
        }
        table = next;
        hashes = nextHashes;
    }

    /** Removes the slot (which must be in the index). */
    void remove(Slot s) {
        int mask = table.length - 1;
        int i = s.hash & mask;
        while (table[i] != s) {
            if (table[i] == null) {
                throw new IllegalStateException("slot not in the index");
            }
            i = (i + 1) & mask;
        }
        table[i] = null;
        size--;
        // Shift back the run after the hole so every slot stays reachable from its home bucket.
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = hashes[j] & mask;
            // The slot at j may move into the hole at i unless its home lies cyclically in (i, j].
            boolean homeAfterHole = i <= j ? (home > i && home <= j) : (home > i || home <= j);
            if (!homeAfterHole) {
                table[i] = table[j];
                hashes[i] = hashes[j];
                table[j] = null;
                i = j;
            }
        }
    }

    void clear() {
        table = new Slot[16];
        hashes = new int[16];
        size = 0;
    }
}
