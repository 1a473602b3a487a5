package org.tonbo4j.internal;

import java.util.List;

/**
 * The writes of one batch before it has sequence numbers, by position: write {@code i} gets
 * sequence {@code firstSeq + i} when committed. A view the WAL and the memtable read once each,
 * so a transaction's buffered writes reach both without a {@link Mutation} object per row.
 * Implementations must not change while a commit reads them.
 */
public interface MutationBatch {
    /** A batch of no writes. */
    MutationBatch EMPTY = of(List.of());

    int size();

    /** The encoded key of write {@code i}. */
    byte[] key(int i);

    /** Whether write {@code i} is a delete. */
    boolean delete(int i);

    /** Write {@code i} in the WAL's row encoding: the full row of a put, the key columns of a delete. */
    byte[] encoded(int i);

    default boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The same writes, in the same order, packed in an arena (no copy of a key or row needed to
     * read them), or null when the batch is not held that way.
     */
    default RowArena.View arena() {
        return null;
    }

    /** A batch over the writes of an arena view. */
    static MutationBatch of(RowArena.View rows) {
        return new MutationBatch() {
            @Override
            public int size() {
                return rows.size();
            }

            @Override
            public byte[] key(int i) {
                return rows.key(i);
            }

            @Override
            public boolean delete(int i) {
                return rows.delete(i);
            }

            @Override
            public byte[] encoded(int i) {
                return rows.data(i);
            }

            @Override
            public RowArena.View arena() {
                return rows;
            }
        };
    }

    /** A batch over a list of mutations (not copied). */
    static MutationBatch of(List<Mutation> list) {
        return new MutationBatch() {
            @Override
            public int size() {
                return list.size();
            }

            @Override
            public byte[] key(int i) {
                return list.get(i).key();
            }

            @Override
            public boolean delete(int i) {
                return list.get(i).delete();
            }

            @Override
            public byte[] encoded(int i) {
                return list.get(i).encoded();
            }
        };
    }
}
