package org.tonbo4j.internal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.WritableFile;

class LogWriterTest {
    /** Memory storage whose files fail writes after {@code writesLeft} calls, and syncs on demand. */
    static final class FailingStorage extends MemoryStorage {
        int writesLeft = Integer.MAX_VALUE;
        boolean failSync;

        @Override
        public WritableFile create(String name) throws IOException {
            WritableFile f = super.create(name);
            return new WritableFile() {
                @Override
                public void write(byte[] buf, int off, int len) throws IOException {
                    if (writesLeft-- <= 0) {
                        f.write(buf, off, len / 2);
                        throw new IOException("injected write failure");
                    }
                    f.write(buf, off, len);
                }

                @Override
                public long position() {
                    return f.position();
                }

                @Override
                public void sync() throws IOException {
                    if (failSync) {
                        throw new IOException("injected sync failure");
                    }
                    f.sync();
                }

                @Override
                public void close() throws IOException {
                    f.close();
                }
            };
        }
    }

    private static void write(LogWriter w, int size) throws IOException {
        ByteWriter b = new ByteWriter(16);
        b.reset(LogFormat.FRAME_SIZE);
        b.bytes(new byte[size], 0, size);
        w.write(LogFormat.TYPE_WAL_BATCH, b);
    }

    @Test
    void aFailedWriteIsSticky() throws IOException {
        FailingStorage s = new FailingStorage();
        try (LogWriter w = new LogWriter(s, "wal/000001.log", LogFormat.WAL_MAGIC)) {
            s.writesLeft = 1;
            write(w, 10);
            assertThrows(IOException.class, () -> write(w, 10));
            s.writesLeft = Integer.MAX_VALUE;
            IOException e = assertThrows(IOException.class, () -> write(w, 10));
            assertTrue(e.getMessage().contains("an earlier write or sync"), e.getMessage());
            assertThrows(IOException.class, w::sync);
        }
    }

    @Test
    void aFailedSyncIsSticky() throws IOException {
        FailingStorage s = new FailingStorage();
        try (LogWriter w = new LogWriter(s, "MANIFEST-000001", LogFormat.MANIFEST_MAGIC)) {
            write(w, 3);
            s.failSync = true;
            assertThrows(IOException.class, w::sync);
            s.failSync = false;
            assertThrows(IOException.class, () -> write(w, 3));
        }
    }

    @Test
    void aFailedHeaderWriteLeavesNoFile() {
        FailingStorage s = new FailingStorage();
        s.writesLeft = 0;
        assertThrows(IOException.class, () -> new LogWriter(s, "wal/000002.log", LogFormat.WAL_MAGIC));
        assertFalse(s.exists("wal/000002.log"));
    }

    @Test
    void rejectsBadTypesAndSizes() throws IOException {
        MemoryStorage s = new MemoryStorage();
        try (LogWriter w = new LogWriter(s, "wal/000001.log", LogFormat.WAL_MAGIC)) {
            byte[] buf = new byte[LogFormat.FRAME_SIZE];
            assertThrows(IllegalArgumentException.class, () -> w.write(0, buf, 0));
            assertThrows(IllegalArgumentException.class, () -> w.write(256, buf, 0));
            assertThrows(IllegalArgumentException.class, () -> w.write(1, buf, -1));
            assertEquals(LogFormat.HEADER_SIZE, w.size());
        }
    }

    @Test
    void varintsAndZigzagRoundTrip() {
        long[] values = {0, 1, -1, 63, -64, 64, 127, 128, 300, Integer.MAX_VALUE, Integer.MIN_VALUE,
            Long.MAX_VALUE, Long.MIN_VALUE, 1L << 56, -(1L << 56)};
        ByteWriter w = new ByteWriter(1);
        for (long v : values) {
            w.varint(v);
            w.zigzag(v);
        }
        ByteReader r = new ByteReader(w.array(), 0, w.position());
        for (long v : values) {
            assertEquals(v, r.varint());
            assertEquals(v, r.zigzag());
        }
        assertTrue(r.atEnd());
        byte[] tooLong = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1};
        assertThrows(MalformedRecordException.class, () -> new ByteReader(tooLong, 0, tooLong.length).varint());
        assertThrows(MalformedRecordException.class, () -> new ByteReader(tooLong, 0, 3).varint());
        byte[] hugeLength = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
        assertThrows(MalformedRecordException.class, () -> new ByteReader(hugeLength, 0, hugeLength.length).lengthPrefixed());
    }
}
