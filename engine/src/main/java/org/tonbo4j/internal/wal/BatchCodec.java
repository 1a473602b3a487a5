package org.tonbo4j.internal.wal;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.Schema;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.MutationBatch;
import org.tonbo4j.internal.RowArena;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.log.ByteReader;
import org.tonbo4j.internal.log.ByteWriter;
import org.tonbo4j.internal.log.MalformedRecordException;
import org.tonbo4j.internal.log.RecordPayload;

/**
 * The payload of a WAL batch record (docs/format/wal.md, "Batch payload"):
 *
 * <pre>
 * batch = firstSeq:u64 count:varint entry{count}
 * entry = 0x00 row          ; put: the full row (RowCodec)
 *       | 0x01 key          ; delete: key column values only, in key order
 * </pre>
 *
 * Entry i has sequence number firstSeq + i. Immutable and thread-safe.
 */
final class BatchCodec {
    static final int OP_PUT = 0;
    static final int OP_DELETE = 1;

    private final RowCodec rows;
    private final KeyCodec keys;

    BatchCodec(Schema schema) {
        this.rows = new RowCodec(schema);
        this.keys = new KeyCodec(schema);
    }

    /** Appends the payload of {@code batch} to {@code out}; writes nothing usable on failure. */
    void encode(List<Entry> batch, ByteWriter out) {
        int n = batch.size();
        if (n == 0) {
            throw new IllegalArgumentException("a WAL batch needs at least one entry");
        }
        long first = batch.get(0).seq;
        out.u64(first);
        out.varint(n);
        for (int i = 0; i < n; i++) {
            Entry e = batch.get(i);
            if (e.seq != first + i) {
                throw new IllegalArgumentException("entry " + i + " of a WAL batch has seq " + e.seq
                        + ", expected " + (first + i) + " (consecutive from the first)");
            }
            if (e.tombstone) {
                out.u8(OP_DELETE);
                rows.encodeKey(e.values, out);
            } else {
                out.u8(OP_PUT);
                rows.encodeRow(e.values, out);
            }
        }
    }

    /** The exact payload length of {@link #encode(long, MutationBatch, ByteWriter)} for {@code batch}. */
    static long payloadLength(MutationBatch batch) {
        int n = batch.size();
        long bytes = 8 + varintLength(n) + n;
        RowArena.View packed = batch.arena();
        for (int i = 0; i < n; i++) {
            bytes += packed != null ? packed.dataLength(i) : batch.encoded(i).length;
        }
        return bytes;
    }

    private static int varintLength(long v) {
        int n = 1;
        while ((v & ~0x7FL) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    /**
     * The payload of {@link #encode(long, MutationBatch, ByteWriter)} produced in pieces, for a
     * batch too large to encode into one buffer ({@code length}: {@link #payloadLength}).
     */
    static RecordPayload payload(long first, MutationBatch batch, int length) {
        if (batch.size() == 0) {
            throw new IllegalArgumentException("a WAL batch needs at least one entry");
        }
        return new RecordPayload() {
            @Override
            public int length() {
                return length;
            }

            @Override
            public void produce(Sink out) throws java.io.IOException {
                ByteWriter head = new ByteWriter(24);
                head.u64(first);
                head.varint(batch.size());
                out.bytes(head.array(), 0, head.position());
                RowArena.View packed = batch.arena();
                for (int i = 0; i < batch.size(); i++) {
                    out.u8(batch.delete(i) ? OP_DELETE : OP_PUT);
                    if (packed != null) {
                        out.bytes(packed.chunk(i), packed.dataOffset(i), packed.dataLength(i));
                    } else {
                        byte[] encoded = batch.encoded(i);
                        out.bytes(encoded, 0, encoded.length);
                    }
                }
            }
        };
    }

    /** Appends a payload of rows already encoded by {@link RowCodec}, with sequence numbers from {@code first}. */
    void encode(long first, MutationBatch batch, ByteWriter out) {
        int n = batch.size();
        if (n == 0) {
            throw new IllegalArgumentException("a WAL batch needs at least one entry");
        }
        long bytes = payloadLength(batch);
        // One allocation of the right size instead of doubling through a large batch.
        out.ensure((int) Math.min(bytes, Integer.MAX_VALUE - 64));
        out.u64(first);
        out.varint(n);
        RowArena.View packed = batch.arena();
        for (int i = 0; i < n; i++) {
            out.u8(batch.delete(i) ? OP_DELETE : OP_PUT);
            if (packed != null) {
                out.bytes(packed.chunk(i), packed.dataOffset(i), packed.dataLength(i));
            } else {
                byte[] encoded = batch.encoded(i);
                out.bytes(encoded, 0, encoded.length);
            }
        }
    }

    /** Decodes a whole payload; throws {@link MalformedRecordException} if it breaks the grammar. */
    List<Entry> decode(ByteReader in) {
        long first = in.u64();
        int n = in.varintAtMost(in.remaining(), "entry count");
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int at = in.offset();
            int op = in.u8();
            Object[] values;
            if (op == OP_PUT) {
                values = rows.decodeRow(in);
            } else if (op == OP_DELETE) {
                values = rows.decodeKey(in);
            } else {
                throw new MalformedRecordException(at, "unknown entry op " + op);
            }
            out.add(new Entry(keys.encodeRow(values), first + i, op == OP_DELETE, values));
        }
        in.expectEnd();
        return out;
    }
}
