package org.tonbo4j.internal.log;

import java.io.IOException;
import java.util.zip.CRC32C;
import org.tonbo4j.storage.ReadableFile;

/**
 * A sliding read buffer over a {@link ReadableFile} of known length, so that reading many small
 * records costs few storage reads. Only ever allocates what the file really holds. Not
 * thread-safe.
 */
final class FileWindow {
    static final int CHUNK = 256 << 10;

    private final ReadableFile file;
    private final long length;
    private byte[] buf = new byte[0];
    private long bufStart;
    private int bufLen;

    FileWindow(ReadableFile file, long length) {
        this.file = file;
        this.length = length;
    }

    long length() {
        return length;
    }

    /**
     * Makes {@code [pos, pos + n)} available in {@link #array()} and returns its index there.
     * The caller has checked that the range lies inside the file.
     */
    int load(long pos, int n) throws IOException {
        if (pos >= bufStart && pos + n <= bufStart + bufLen) {
            return (int) (pos - bufStart);
        }
        int size = (int) Math.min(length - pos, Math.max(n, CHUNK));
        if (buf.length < size) {
            buf = new byte[size];
        }
        file.readFully(pos, buf, 0, size);
        bufStart = pos;
        bufLen = size;
        return 0;
    }

    byte[] array() {
        return buf;
    }

    /**
     * The record checksum of a frame at {@code pos} with {@code payloadLength} (inside the file),
     * read in chunks so that a large candidate length never needs a large buffer.
     */
    int recordCrc(CRC32C crc, long pos, long payloadLength) throws IOException {
        crc.reset();
        int off = load(pos, LogFormat.FRAME_SIZE);
        crc.update(buf, off, 4);
        long at = pos + 8;
        long left = 1 + payloadLength;
        while (left > 0) {
            int n = (int) Math.min(left, CHUNK);
            off = load(at, n);
            crc.update(buf, off, n);
            at += n;
            left -= n;
        }
        return (int) crc.getValue();
    }
}
