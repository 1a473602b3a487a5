package org.tonbo4j.internal.manifest;

import org.tonbo4j.internal.SchemaCodec;
import org.tonbo4j.internal.log.ByteReader;
import org.tonbo4j.internal.log.ByteWriter;
import org.tonbo4j.internal.log.MalformedRecordException;

/**
 * The payload of a manifest record: one {@link VersionEdit} as a sequence of tagged fields
 * (docs/format/manifest.md, "Tags"). Tag numbers are frozen forever; unknown tags are
 * rejected (format version 2 added tags 7 to 9). Stateless.
 *
 * <pre>
 * edit  = field*
 * field = 1 schemaText:string | 2 lastSequence:varint | 3 nextFileNumber:varint
 *       | 4 walFloor:varint   | 5 addedFile          | 6 level:varint number:varint
 *       | 7 historyFloor:varint | 8 name:string seq:varint | 9 name:string      (version 2)
 * addedFile = number:varint level:varint fileBytes:varint rowCount:varint
 *             minKey:bytes maxKey:bytes minSeq:varint maxSeq:varint
 * </pre>
 */
final class EditCodec {
    static final int TAG_SCHEMA = 1;
    static final int TAG_LAST_SEQUENCE = 2;
    static final int TAG_NEXT_FILE_NUMBER = 3;
    static final int TAG_WAL_FLOOR = 4;
    static final int TAG_ADDED_FILE = 5;
    static final int TAG_DELETED_FILE = 6;
    static final int TAG_HISTORY_FLOOR = 7;
    static final int TAG_PIN_SNAPSHOT = 8;
    static final int TAG_UNPIN_SNAPSHOT = 9;
    static final int MAX_SNAPSHOT_NAME_BYTES = 255;
    static final int MAX_LEVEL = 255;

    private EditCodec() {
    }

    static void encode(VersionEdit e, ByteWriter out) {
        if (e.schema != null) {
            out.varint(TAG_SCHEMA);
            out.string(SchemaCodec.toText(e.schema));
        }
        scalar(out, TAG_LAST_SEQUENCE, e.lastSequence);
        scalar(out, TAG_NEXT_FILE_NUMBER, e.nextFileNumber);
        scalar(out, TAG_WAL_FLOOR, e.walFloor);
        scalar(out, TAG_HISTORY_FLOOR, e.historyFloor);
        for (java.util.Map.Entry<String, Long> p : e.pinned.entrySet()) {
            out.varint(TAG_PIN_SNAPSHOT);
            out.string(p.getKey());
            out.varint(p.getValue());
        }
        for (String name : e.unpinned) {
            out.varint(TAG_UNPIN_SNAPSHOT);
            out.string(name);
        }
        for (FileMeta f : e.added) {
            out.varint(TAG_ADDED_FILE);
            out.varint(f.number());
            out.varint(level(f.level()));
            out.varint(f.fileBytes());
            out.varint(f.rowCount());
            out.lengthPrefixed(f.minKey());
            out.lengthPrefixed(f.maxKey());
            out.varint(f.minSeq());
            out.varint(f.maxSeq());
        }
        for (long[] d : e.deleted) {
            if (d.length != 2) {
                throw new IllegalArgumentException("a deleted file is {level, number}, got " + d.length + " values");
            }
            out.varint(TAG_DELETED_FILE);
            out.varint(level(d[0]));
            out.varint(d[1]);
        }
    }

    private static void scalar(ByteWriter out, int tag, Long v) {
        if (v != null) {
            out.varint(tag);
            out.varint(v);
        }
    }

    private static long level(long level) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("level must be 0.." + MAX_LEVEL + ", got " + level);
        }
        return level;
    }

    /** Decodes a whole payload; throws {@link MalformedRecordException} if it breaks the grammar. */
    static VersionEdit decode(ByteReader in) {
        VersionEdit e = new VersionEdit();
        while (!in.atEnd()) {
            int at = in.offset();
            long tag = in.varint();
            if (tag == TAG_SCHEMA) {
                once(e.schema, at, "schema");
                String text = in.string();
                try {
                    e.schema = SchemaCodec.fromText(text);
                } catch (IllegalArgumentException bad) {
                    throw new MalformedRecordException(at, "bad schema: " + bad.getMessage());
                }
            } else if (tag == TAG_LAST_SEQUENCE) {
                once(e.lastSequence, at, "lastSequence");
                e.lastSequence = in.varint();
            } else if (tag == TAG_NEXT_FILE_NUMBER) {
                once(e.nextFileNumber, at, "nextFileNumber");
                e.nextFileNumber = in.varint();
            } else if (tag == TAG_WAL_FLOOR) {
                once(e.walFloor, at, "walFloor");
                e.walFloor = in.varint();
            } else if (tag == TAG_HISTORY_FLOOR) {
                once(e.historyFloor, at, "historyFloor");
                e.historyFloor = in.varint();
            } else if (tag == TAG_PIN_SNAPSHOT) {
                String name = in.string();
                if (e.pinned.put(name, in.varint()) != null) {
                    throw new MalformedRecordException(at, "snapshot '" + name + "' pinned twice in one edit");
                }
            } else if (tag == TAG_UNPIN_SNAPSHOT) {
                e.unpinned.add(in.string());
            } else if (tag == TAG_ADDED_FILE) {
                long number = in.varint();
                int level = in.varintAtMost(MAX_LEVEL, "level");
                long fileBytes = in.varint();
                long rowCount = in.varint();
                byte[] minKey = in.lengthPrefixed();
                byte[] maxKey = in.lengthPrefixed();
                long minSeq = in.varint();
                long maxSeq = in.varint();
                e.added.add(new FileMeta(number, level, fileBytes, rowCount, minKey, maxKey, minSeq, maxSeq));
            } else if (tag == TAG_DELETED_FILE) {
                int level = in.varintAtMost(MAX_LEVEL, "level");
                e.deleted.add(new long[] {level, in.varint()});
            } else {
                throw new MalformedRecordException(at, "unknown tag " + Long.toUnsignedString(tag)
                        + " (format version 2 knows tags 1.." + TAG_UNPIN_SNAPSHOT + ")");
            }
        }
        return e;
    }

    private static void once(Object existing, int at, String field) {
        if (existing != null) {
            throw new MalformedRecordException(at, field + " appears twice in one edit");
        }
    }
}
