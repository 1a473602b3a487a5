package org.tonbo4j.internal.sst;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.tonbo4j.storage.ReadableFile;

/**
 * Parquet's {@link InputFile} over an open {@link ReadableFile}, so that every Parquet read goes
 * through the engine's storage (memory, local, object stores, fault injection).
 *
 * <p>Thread-safe: each {@link #newStream()} is an independent cursor over the shared file, whose
 * reads are positional. The streams are not thread-safe. Closing a stream does not close the
 * file; the owner closes the file. Small reads are served from a read-ahead buffer because
 * Parquet decodes Thrift headers (page, bloom filter, index headers) a few bytes at a time.
 */
final class StorageInputFile implements InputFile {
    private static final int READ_AHEAD = 8 << 10;

    private final ReadableFile file;
    private final String name;
    private final long length;

    StorageInputFile(ReadableFile file, String name) throws IOException {
        this.file = file;
        this.name = name;
        this.length = file.length();
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() {
        return new Stream();
    }

    /**
     * Reads {@code len} bytes at {@code position}: an EOFException past the end, a
     * {@link StorageIOException} when the storage fails.
     */
    void readAt(long position, byte[] b, int off, int len) throws IOException {
        if (position < 0 || position + len > length) {
            throw new EOFException("end of " + name + ": reading " + len + " bytes at " + position + " of " + length);
        }
        try {
            file.readFully(position, b, off, len);
        } catch (EOFException e) {
            throw e;
        } catch (IOException e) {
            throw new StorageIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** A storage I/O failure, kept apart from Parquet's own IOExceptions about malformed bytes. */
    static final class StorageIOException extends IOException {
        private static final long serialVersionUID = 1L;

        StorageIOException(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException storageCause() {
            return (IOException) getCause();
        }
    }

    private final class Stream extends SeekableInputStream {
        private final byte[] buf = new byte[READ_AHEAD];
        /** File position of buf[0]. */
        private long bufStart;
        /** Valid bytes in buf. */
        private int bufLen;
        private long pos;

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos < 0 || newPos > length) {
                throw new EOFException("seek to " + newPos + " outside " + name + " of " + length + " bytes");
            }
            pos = newPos;
        }

        /** Copies what the buffer holds at pos; returns bytes copied. */
        private int fromBuffer(byte[] b, int off, int len) {
            if (pos >= bufStart && pos < bufStart + bufLen) {
                int at = (int) (pos - bufStart);
                int n = Math.min(len, bufLen - at);
                System.arraycopy(buf, at, b, off, n);
                pos += n;
                return n;
            }
            return 0;
        }

        private boolean fill() throws IOException {
            int n = (int) Math.min(READ_AHEAD, length - pos);
            if (n <= 0) {
                return false;
            }
            readAt(pos, buf, 0, n);
            bufStart = pos;
            bufLen = n;
            return true;
        }

        @Override
        public int read() throws IOException {
            if (pos >= bufStart && pos < bufStart + bufLen) {
                return buf[(int) (pos++ - bufStart)] & 0xFF;
            }
            if (!fill()) {
                return -1;
            }
            return buf[(int) (pos++ - bufStart)] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos >= length) {
                return -1;
            }
            int n = fromBuffer(b, off, len);
            if (n > 0) {
                return n;
            }
            len = (int) Math.min(len, length - pos);
            if (len >= READ_AHEAD) {
                readAt(pos, b, off, len);
                pos += len;
                return len;
            }
            fill();
            return fromBuffer(b, off, len);
        }

        @Override
        public void readFully(byte[] b) throws IOException {
            readFully(b, 0, b.length);
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws IOException {
            int n = fromBuffer(b, off, len);
            off += n;
            len -= n;
            if (len == 0) {
                return;
            }
            if (len >= READ_AHEAD) {
                readAt(pos, b, off, len);
                pos += len;
                return;
            }
            if (pos + len > length) {
                throw new EOFException("end of " + name + ": reading " + len + " bytes at " + pos + " of " + length);
            }
            fill();
            fromBuffer(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            long k = Math.max(0, Math.min(n, length - pos));
            pos += k;
            return k;
        }

        @Override
        public int available() {
            return (int) Math.min(Integer.MAX_VALUE, length - pos);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!dst.hasRemaining()) {
                return 0;
            }
            if (pos >= length) {
                return -1;
            }
            int len = (int) Math.min(dst.remaining(), length - pos);
            readInto(dst, len);
            return len;
        }

        @Override
        public void readFully(ByteBuffer dst) throws IOException {
            readInto(dst, dst.remaining());
        }

        private void readInto(ByteBuffer dst, int len) throws IOException {
            if (dst.hasArray()) {
                readFully(dst.array(), dst.arrayOffset() + dst.position(), len);
                dst.position(dst.position() + len);
            } else {
                byte[] tmp = new byte[len];
                readFully(tmp, 0, len);
                dst.put(tmp);
            }
        }

        @Override
        public void close() {
            // The file belongs to the owner of the StorageInputFile.
        }
    }
}
