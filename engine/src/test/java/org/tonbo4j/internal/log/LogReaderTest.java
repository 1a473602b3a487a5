package org.tonbo4j.internal.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.storage.MemoryStorage;

class LogReaderTest {
    private static final String NAME = "wal/000001.log";
    private static final int TYPE = LogFormat.TYPE_WAL_BATCH;

    private final MemoryStorage storage = new MemoryStorage();

    /** Writes records of the given payload sizes; returns each record's start offset plus the file end. */
    private long[] write(int... sizes) throws IOException {
        long[] offsets = new long[sizes.length + 1];
        ByteWriter buf = new ByteWriter(64);
        try (LogWriter w = new LogWriter(storage, NAME, LogFormat.WAL_MAGIC)) {
            for (int i = 0; i < sizes.length; i++) {
                offsets[i] = w.size();
                buf.reset(LogFormat.FRAME_SIZE);
                buf.bytes(payload(i, sizes[i]), 0, sizes[i]);
                w.write(TYPE, buf);
            }
            offsets[sizes.length] = w.size();
            w.sync();
        }
        return offsets;
    }

    private static byte[] payload(int i, int size) {
        byte[] b = new byte[size];
        new Random(i).nextBytes(b);
        return b;
    }

    private List<byte[]> readAll(boolean last) throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (LogReader r = new LogReader(storage, NAME, LogFormat.WAL_MAGIC, TYPE, last)) {
            while (r.next()) {
                out.add(Arrays.copyOfRange(r.array(), r.payloadOffset(), r.payloadOffset() + r.payloadLength()));
            }
        }
        return out;
    }

    private static void assertPayloads(List<byte[]> got, int... sizes) {
        assertEquals(sizes.length, got.size());
        for (int i = 0; i < sizes.length; i++) {
            assertArrayEquals(payload(i, sizes[i]), got.get(i), "record " + i);
        }
    }

    @Test
    void roundTripsRecordsOfManySizes() throws IOException {
        int[] sizes = {0, 1, 9, 100, 300_000, 5, 1 << 20, 17};
        long[] off = write(sizes);
        assertEquals(LogFormat.HEADER_SIZE, off[0]);
        assertEquals(off[sizes.length], storage.readAll(NAME).length);
        assertPayloads(readAll(false), sizes);
        assertPayloads(readAll(true), sizes);
    }

    @Test
    void manyRecords() throws IOException {
        int[] sizes = new int[5000];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = i % 97;
        }
        write(sizes);
        assertPayloads(readAll(false), sizes);
    }

    @Test
    void tornTailAtEveryOffsetOfTheLastRecord() throws IOException {
        int[] sizes = {40, 33, 50};
        long[] off = write(sizes);
        byte[] whole = storage.readAll(NAME);
        for (long cut = off[2]; cut < off[3]; cut++) {
            Files.rewrite(storage, NAME, Arrays.copyOf(whole, (int) cut));
            try (LogReader r = new LogReader(storage, NAME, LogFormat.WAL_MAGIC, TYPE, true)) {
                int n = 0;
                while (r.next()) {
                    n++;
                }
                assertEquals(2, n, "cut at " + cut);
                assertEquals(cut == off[2] ? -1 : off[2], r.tornOffset(), "cut at " + cut);
            }
            if (cut > off[2]) {
                CorruptionException e = assertThrows(CorruptionException.class, () -> readAll(false), "cut at " + cut);
                assertEquals(off[2], e.offset());
            }
        }
    }

    @Test
    void tornHeaderOfTheNewestFileIsAnEmptyFile() throws IOException {
        write(10);
        byte[] whole = storage.readAll(NAME);
        for (int cut = 0; cut < LogFormat.HEADER_SIZE; cut++) {
            Files.rewrite(storage, NAME, Arrays.copyOf(whole, cut));
            assertEquals(0, readAll(true).size());
            int c = cut;
            CorruptionException e = assertThrows(CorruptionException.class, () -> readAll(false), "cut " + c);
            assertTrue(e.getMessage().contains("shorter than"), e.getMessage());
        }
    }

    @Test
    void everyBitFlipInAMiddleRecordIsCorruption() throws IOException {
        int[] sizes = {20, 25, 30};
        long[] off = write(sizes);
        byte[] whole = storage.readAll(NAME);
        for (long at = off[1]; at < off[2]; at++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] b = whole.clone();
                b[(int) at] ^= (byte) (1 << bit);
                Files.rewrite(storage, NAME, b);
                for (boolean last : new boolean[] {true, false}) {
                    CorruptionException e = assertThrows(CorruptionException.class, () -> readAll(last),
                            "flip at " + at + " bit " + bit);
                    assertEquals(NAME, e.file());
                    assertEquals(off[1], e.offset(), e.getMessage());
                    assertTrue(e.getMessage().contains(NAME) && e.getMessage().contains("offset " + off[1]), e.getMessage());
                }
            }
        }
    }

    @Test
    void bitFlipInTheLastRecordOfTheNewestFileIsATornTail() throws IOException {
        long[] off = write(20, 25);
        Files.flip(storage, NAME, off[1] + 12, 0);
        assertPayloads(readAll(true), 20);
        assertThrows(CorruptionException.class, () -> readAll(false));
    }

    @Test
    void everyBitFlipInTheHeaderIsCorruption() throws IOException {
        write(5);
        byte[] whole = storage.readAll(NAME);
        for (int at = 0; at < LogFormat.HEADER_SIZE; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] b = whole.clone();
                b[at] ^= (byte) (1 << bit);
                Files.rewrite(storage, NAME, b);
                assertThrows(CorruptionException.class, () -> readAll(true), "flip at " + at + " bit " + bit);
            }
        }
    }

    @Test
    void wrongMagicAndUnknownVersion() throws IOException {
        write(5);
        CorruptionException e = assertThrows(CorruptionException.class,
                () -> new LogReader(storage, NAME, LogFormat.MANIFEST_MAGIC, LogFormat.TYPE_VERSION_EDIT, true));
        assertTrue(e.getMessage().contains("bad magic 'TWAL', expected 'TMAN'"), e.getMessage());

        byte[] b = storage.readAll(NAME);
        System.arraycopy(LogFormat.header(LogFormat.WAL_MAGIC, 2), 0, b, 0, LogFormat.HEADER_SIZE);
        Files.rewrite(storage, NAME, b);
        e = assertThrows(CorruptionException.class, () -> readAll(true));
        assertTrue(e.getMessage().contains("unsupported format version 2"), e.getMessage());
        assertEquals(4, e.offset());
    }

    @Test
    void recordOfTheWrongTypeIsCorruption() throws IOException {
        write(5);
        CorruptionException e = assertThrows(CorruptionException.class, () -> {
            try (LogReader r = new LogReader(storage, NAME, LogFormat.WAL_MAGIC, LogFormat.TYPE_VERSION_EDIT, true)) {
                r.next();
            }
        });
        assertTrue(e.getMessage().contains("record type 1, expected 2"), e.getMessage());
    }

    @Test
    void absurdLengthsAllocateNothing() throws IOException {
        for (long len : new long[] {0xFFFFFFFFL, LogFormat.MAX_PAYLOAD + 1L, LogFormat.MAX_PAYLOAD, 1_000_000}) {
            storage.delete(NAME);
            write(7);
            ByteWriter frame = new ByteWriter(16);
            frame.u32((int) len);
            frame.u32(0x12345678);
            frame.u8(TYPE);
            frame.bytes(new byte[100], 0, 100);
            Files.append(storage, NAME, Arrays.copyOf(frame.array(), frame.position()));
            assertPayloads(readAll(true), 7);
            assertThrows(CorruptionException.class, () -> readAll(false));
        }
    }

    @Test
    void zeroFilledTailIsTornButAValidRecordAfterZerosIsCorruption() throws IOException {
        long[] off = write(30, 40);
        Files.append(storage, NAME, new byte[8192]);
        assertPayloads(readAll(true), 30, 40);

        byte[] good = Arrays.copyOfRange(storage.readAll(NAME), (int) off[1], (int) off[2]);
        Files.append(storage, NAME, good);
        CorruptionException e = assertThrows(CorruptionException.class, () -> readAll(true));
        assertEquals(off[2], e.offset());
        assertTrue(e.getMessage().contains("a valid record follows at offset " + (off[2] + 8192)), e.getMessage());
    }

    @Test
    void randomGarbageNeverEscapesAsAnythingButCorruption() throws IOException {
        Random rnd = new Random(42);
        for (int i = 0; i < 300; i++) {
            storage.delete(NAME);
            write(rnd.nextInt(50));
            byte[] garbage = new byte[rnd.nextInt(3000)];
            rnd.nextBytes(garbage);
            if (rnd.nextBoolean() && garbage.length > 9) {
                garbage[8] = (byte) TYPE;
                garbage[0] = 0;
            }
            Files.append(storage, NAME, garbage);
            for (boolean last : new boolean[] {true, false}) {
                try {
                    readAll(last);
                } catch (CorruptionException expected) {
                    // fine: damage that is not a torn tail
                }
            }
        }
    }
}
