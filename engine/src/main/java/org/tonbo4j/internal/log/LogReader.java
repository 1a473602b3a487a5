package org.tonbo4j.internal.log;

import java.io.IOException;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.tonbo4j.CorruptionException;
import org.tonbo4j.storage.ReadableFile;
import org.tonbo4j.storage.Storage;

/**
 * Reads the records of one framed log file (see {@link LogFormat}) front to back.
 *
 * <p>Damage rules (docs/format/wal.md, "Torn tails and corruption"): a bad header, a bad
 * version or a record of the wrong type is always a {@link CorruptionException}. A damaged
 * record (partial frame, length past the end of the file or above {@link LogFormat#MAX_PAYLOAD},
 * checksum mismatch) ends the file quietly as a <em>torn tail</em> only if
 * {@code tailMayBeTorn} (the file is the newest one, whose last append may not have finished)
 * and no valid record starts anywhere after it; otherwise it is corruption. A file shorter than
 * the header whose bytes are a prefix of the expected header is an empty torn file under the
 * same condition.
 *
 * <p>Not thread-safe. The payload of the current record is valid until the next {@link #next}.
 */
public final class LogReader implements AutoCloseable {
    /** Checksum work spent looking for a valid record after a damaged one before giving up. */
    static final long SCAN_BUDGET_BYTES = 256L << 20;

    private final String name;
    private final ReadableFile file;
    private final FileWindow window;
    private final int type;
    private final boolean tailMayBeTorn;
    private final CRC32C crc = new CRC32C();
    private long pos;
    private boolean done;
    private long tornAt = -1;
    private int payloadOff;
    private int payloadLen;
    private long recordOffset = -1;

    /**
     * Opens {@code name} and checks its header.
     *
     * @param magic the expected magic
     * @param type the only record type the file may hold
     * @param tailMayBeTorn whether the file is the newest of its kind (see the class comment)
     */
    public LogReader(Storage storage, String name, byte[] magic, int type, boolean tailMayBeTorn) throws IOException {
        this.name = name;
        this.type = type;
        this.tailMayBeTorn = tailMayBeTorn;
        this.file = storage.open(name);
        try {
            this.window = new FileWindow(file, file.length());
            readHeader(magic);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private void readHeader(byte[] magic) throws IOException {
        long length = window.length();
        if (length < LogFormat.HEADER_SIZE) {
            tornHeader("file has " + length + " bytes, shorter than the " + LogFormat.HEADER_SIZE + "-byte header");
            return;
        }
        int off = window.load(0, LogFormat.HEADER_SIZE);
        byte[] b = window.array();
        if (!Arrays.equals(b, off, off + 4, magic, 0, 4)) {
            if (isKnownMagic(b, off)) {
                throw new CorruptionException(name, 0, "bad magic '" + LogFormat.magicText(b, off) + "', expected '"
                        + LogFormat.magicText(magic, 0) + "': this is another kind of log file");
            }
            tornHeader("bad magic '" + LogFormat.magicText(b, off) + "', expected '" + LogFormat.magicText(magic, 0) + "'");
            return;
        }
        crc.reset();
        crc.update(b, off, 6);
        if ((int) crc.getValue() != LogFormat.getInt(b, off + 6)) {
            tornHeader("header checksum mismatch");
            return;
        }
        int version = ((b[off + 4] & 0xFF) << 8) | (b[off + 5] & 0xFF);
        int newest = LogFormat.currentVersion(magic);
        if (version < 1 || version > newest) {
            throw new CorruptionException(name, 4, "unsupported format version " + version
                    + "; this build reads versions 1 to " + newest);
        }
        pos = LogFormat.HEADER_SIZE;
    }

    /**
     * A damaged header. In the newest file it is a creation that never reached storage (the
     * header is synced before the first record is appended) when no valid record follows:
     * the file is then empty. Otherwise it is corruption.
     */
    private void tornHeader(String problem) throws IOException {
        if (window.length() == 0 && tailMayBeTorn) {
            done = true;
            return;
        }
        if (!tailMayBeTorn) {
            throw new CorruptionException(name, 0, problem);
        }
        long valid = findValidRecordAfter(-1, problem);
        if (valid >= 0) {
            throw new CorruptionException(name, 0, problem + "; a valid record follows at offset " + valid
                    + ", so this is not a torn write");
        }
        done = true;
        tornAt = 0;
    }

    private static boolean isKnownMagic(byte[] b, int off) {
        return Arrays.equals(b, off, off + 4, LogFormat.WAL_MAGIC, 0, 4)
                || Arrays.equals(b, off, off + 4, LogFormat.MANIFEST_MAGIC, 0, 4);
    }

    /** Moves to the next record; false at the end of the file or at a torn tail. */
    public boolean next() throws IOException {
        if (done) {
            return false;
        }
        long p = pos;
        long rem = window.length() - p;
        if (rem == 0) {
            done = true;
            return false;
        }
        if (rem < LogFormat.FRAME_SIZE) {
            return damaged(p, "partial record frame (" + rem + " bytes before the end of the file)");
        }
        int off = window.load(p, LogFormat.FRAME_SIZE);
        byte[] b = window.array();
        long len = LogFormat.getInt(b, off) & 0xFFFFFFFFL;
        int stored = LogFormat.getInt(b, off + 4);
        int recordType = b[off + 8] & 0xFF;
        if (len > LogFormat.MAX_PAYLOAD) {
            return damaged(p, "record length " + len + " is above the limit of " + LogFormat.MAX_PAYLOAD);
        }
        if (len > rem - LogFormat.FRAME_SIZE) {
            return damaged(p, "record length " + len + " runs past the end of the file ("
                    + (rem - LogFormat.FRAME_SIZE) + " bytes left)");
        }
        off = window.load(p, LogFormat.FRAME_SIZE + (int) len);
        b = window.array();
        int actual = LogFormat.recordCrc(crc, b, off, (int) len);
        if (actual != stored) {
            return damaged(p, String.format("record checksum mismatch (stored %08x, computed %08x)", stored, actual));
        }
        if (recordType != type) {
            throw new CorruptionException(name, p + 8, "record type " + recordType + ", expected " + type);
        }
        recordOffset = p;
        payloadOff = off + LogFormat.FRAME_SIZE;
        payloadLen = (int) len;
        pos = p + LogFormat.FRAME_SIZE + len;
        return true;
    }

    private boolean damaged(long p, String problem) throws IOException {
        if (!tailMayBeTorn) {
            throw new CorruptionException(name, p, problem + "; not the newest file, so not a torn write");
        }
        long valid = findValidRecordAfter(p, problem);
        if (valid >= 0) {
            throw new CorruptionException(name, p, problem + "; a valid record follows at offset " + valid
                    + ", so this is not a torn write");
        }
        done = true;
        tornAt = p;
        return false;
    }

    /** The offset of the first valid record of our type starting after {@code p}, or -1. */
    private long findValidRecordAfter(long p, String problem) throws IOException {
        long length = window.length();
        FileWindow probe = new FileWindow(file, length);
        CRC32C c = new CRC32C();
        long budget = SCAN_BUDGET_BYTES;
        for (long q = p + 1; q + LogFormat.FRAME_SIZE <= length; q++) {
            int off = window.load(q, LogFormat.FRAME_SIZE);
            byte[] b = window.array();
            if ((b[off + 8] & 0xFF) != type) {
                continue;
            }
            long len = LogFormat.getInt(b, off) & 0xFFFFFFFFL;
            if (len > LogFormat.MAX_PAYLOAD || len > length - q - LogFormat.FRAME_SIZE) {
                continue;
            }
            int stored = LogFormat.getInt(b, off + 4);
            budget -= len + LogFormat.FRAME_SIZE;
            if (budget < 0) {
                throw new CorruptionException(name, p, problem + "; gave up proving that nothing valid follows");
            }
            if (probe.recordCrc(c, q, len) == stored) {
                return q;
            }
        }
        return -1;
    }

    /** The current record's payload: {@code array()[payloadOffset(), payloadOffset() + payloadLength())}. */
    public byte[] array() {
        return window.array();
    }

    public int payloadOffset() {
        return payloadOff;
    }

    public int payloadLength() {
        return payloadLen;
    }

    /** File offset of the current record's frame. */
    public long recordOffset() {
        return recordOffset;
    }

    /** File offset where a torn tail starts, or -1 if the file ended cleanly (so far). */
    public long tornOffset() {
        return tornAt;
    }

    /** A reader over the current record's payload. */
    public ByteReader payload() {
        return new ByteReader(window.array(), payloadOff, payloadLen);
    }

    /** Turns a payload grammar error of the current record into a corruption naming file and offset. */
    public CorruptionException corruption(MalformedRecordException e) {
        return new CorruptionException(name, recordOffset + LogFormat.FRAME_SIZE + e.payloadOffset(),
                "malformed record: " + e.getMessage(), e);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
