package org.tonbo4j.internal.log;

import java.io.IOException;
import java.util.zip.CRC32C;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/**
 * Writes one framed log file (WAL segment or manifest, see {@link LogFormat}): the header on
 * creation, then one record per {@link #write} call, each with a single storage write so that
 * a record is never interleaved with another. A failed write or sync is sticky: the file may
 * now end in a partial record, so every later write or sync fails too, and the owner must start
 * a new file. Not thread-safe: one owner appends.
 */
public final class LogWriter implements AutoCloseable {
    private final String name;
    private final WritableFile file;
    private final CRC32C crc = new CRC32C();
    private IOException failure;

    /**
     * Creates {@code name} (which must not exist), writes its header and syncs it, so that a
     * damaged header in front of valid records always means corruption, never a torn creation.
     */
    public LogWriter(Storage storage, String name, byte[] magic) throws IOException {
        this.name = name;
        this.file = storage.create(name);
        try {
            byte[] h = LogFormat.header(magic);
            file.write(h, 0, h.length);
            file.sync();
        } catch (IOException | RuntimeException e) {
            try {
                file.close();
                storage.delete(name);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Frames and writes one record. The caller has put the payload at
     * {@code buf[FRAME_SIZE, FRAME_SIZE + payloadLength)}; this fills {@code buf[0, FRAME_SIZE)}
     * with the frame and writes the whole record in one call.
     */
    public void write(int type, byte[] buf, int payloadLength) throws IOException {
        if (type <= 0 || type > 0xFF) {
            throw new IllegalArgumentException("bad record type " + type);
        }
        if (payloadLength < 0 || payloadLength > LogFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("record payload of " + payloadLength + " bytes for " + name
                    + " is outside 0.." + LogFormat.MAX_PAYLOAD);
        }
        checkHealthy();
        ByteWriter.putInt(buf, 0, payloadLength);
        buf[8] = (byte) type;
        ByteWriter.putInt(buf, 4, LogFormat.recordCrc(crc, buf, 0, payloadLength));
        try {
            file.write(buf, 0, LogFormat.FRAME_SIZE + payloadLength);
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void checkHealthy() throws IOException {
        if (failure != null) {
            throw new IOException("an earlier write or sync of " + name + " failed; start a new file", failure);
        }
    }

    /** Frames and writes a record held in a {@link ByteWriter} reset with {@code FRAME_SIZE} reserved. */
    public void write(int type, ByteWriter record) throws IOException {
        write(type, record.array(), record.position() - LogFormat.FRAME_SIZE);
    }

    public void sync() throws IOException {
        checkHealthy();
        try {
            file.sync();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    /** Bytes written, header included. */
    public long size() {
        return file.position();
    }

    public String name() {
        return name;
    }

    /** Closes the file without syncing. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
