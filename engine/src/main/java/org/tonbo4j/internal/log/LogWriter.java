package org.tonbo4j.internal.log;

import java.io.IOException;
import java.util.zip.CRC32C;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/**
 * Writes one framed log file (WAL segment or manifest, see {@link LogFormat}): the header on
 * creation, then one record per {@link #write} call, each with a single storage write, or, for a
 * payload too large to build whole ({@link #writeStreamed}), a few consecutive writes; a record
 * is never interleaved with another, and one torn by a crash fails its checksum. A failed write or sync is sticky: the file may
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

    /** The chunk size of {@link #writeStreamed}: one storage write per this many bytes. */
    static final int STREAM_CHUNK = 1 << 20;

    /**
     * Frames and writes one record whose payload is produced in pieces (see {@link RecordPayload}):
     * a first pass computes the checksum, a second writes frame and payload in chunks of
     * {@link #STREAM_CHUNK} bytes, so no buffer of the payload's size is ever allocated.
     *
     * @throws IllegalArgumentException if the pieces do not add up to the payload's length;
     *     nothing is written then
     */
    public void writeStreamed(int type, RecordPayload payload) throws IOException {
        if (type <= 0 || type > 0xFF) {
            throw new IllegalArgumentException("bad record type " + type);
        }
        int length = payload.length();
        if (length < 0 || length > LogFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("record payload of " + length + " bytes for " + name
                    + " is outside 0.." + LogFormat.MAX_PAYLOAD);
        }
        checkHealthy();
        byte[] frame = new byte[LogFormat.FRAME_SIZE];
        ByteWriter.putInt(frame, 0, length);
        frame[8] = (byte) type;
        crc.reset();
        crc.update(frame, 0, 4);
        crc.update(type);
        long[] counted = {0};
        payload.produce(new RecordPayload.Sink() {
            @Override
            public void u8(int b) {
                crc.update(b);
                counted[0]++;
            }

            @Override
            public void bytes(byte[] b, int off, int len) {
                crc.update(b, off, len);
                counted[0] += len;
            }
        });
        if (counted[0] != length) {
            throw new IllegalArgumentException("record payload for " + name + " produced " + counted[0]
                    + " bytes, announced " + length);
        }
        ByteWriter.putInt(frame, 4, (int) crc.getValue());
        ChunkedSink out = new ChunkedSink(Math.min(STREAM_CHUNK, LogFormat.FRAME_SIZE + length));
        try {
            out.bytes(frame, 0, frame.length);
            payload.produce(out);
            out.flush();
            if (out.written != LogFormat.FRAME_SIZE + (long) length) {
                throw new IOException("record payload for " + name + " changed while written: "
                        + (out.written - LogFormat.FRAME_SIZE) + " bytes, announced " + length);
            }
        } catch (IOException | RuntimeException e) {
            failure = e instanceof IOException ? (IOException) e : new IOException(e);
            throw e;
        }
    }

    /** Buffers pieces into storage writes of up to a chunk; larger pieces go straight through. */
    private final class ChunkedSink implements RecordPayload.Sink {
        private final byte[] chunk;
        private int used;
        long written;

        ChunkedSink(int size) {
            this.chunk = new byte[size];
        }

        @Override
        public void u8(int b) throws IOException {
            if (used == chunk.length) {
                flush();
            }
            chunk[used++] = (byte) b;
            written++;
        }

        @Override
        public void bytes(byte[] b, int off, int len) throws IOException {
            if (len > chunk.length - used) {
                flush();
                if (len >= chunk.length) {
                    file.write(b, off, len);
                    written += len;
                    return;
                }
            }
            System.arraycopy(b, off, chunk, used, len);
            used += len;
            written += len;
        }

        void flush() throws IOException {
            if (used > 0) {
                file.write(chunk, 0, used);
                used = 0;
            }
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
