package org.tonbo4j.internal.sst;

import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.tonbo4j.storage.WritableFile;

/**
 * Parquet's {@link OutputFile} over a new {@link WritableFile}. Writes are buffered; closing the
 * stream (which {@code ParquetFileWriter.end} does) flushes, {@linkplain WritableFile#sync()
 * syncs} and closes the file, so a finished SST is durable. {@link #abandon()} closes without
 * syncing, for aborts. Not thread-safe: owned by one {@link SstWriter}.
 */
final class StorageOutputFile implements OutputFile {
    private static final int BUFFER = 256 << 10;

    private final WritableFile file;
    private final String name;
    private Stream stream;

    StorageOutputFile(WritableFile file, String name) {
        this.file = file;
        this.name = name;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
        if (stream != null) {
            throw new IOException(name + " is already open for writing");
        }
        stream = new Stream();
        return stream;
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }

    @Override
    public String getPath() {
        return name;
    }

    /** Bytes written so far, buffered ones included. */
    long position() {
        return stream == null ? 0 : stream.getPos();
    }

    /** Whether the stream was closed normally (flushed, synced, closed). */
    boolean finished() {
        return stream != null && stream.closed;
    }

    /** Closes the file without flushing or syncing; never throws. */
    void abandon() {
        if (stream != null) {
            stream.closed = true;
        }
        try {
            file.close();
        } catch (IOException | RuntimeException ignored) {
            // The file is deleted next; nothing useful to report.
        }
    }

    private final class Stream extends PositionOutputStream {
        private final byte[] buf = new byte[BUFFER];
        private int n;
        private long flushed;
        private boolean closed;

        @Override
        public long getPos() {
            return flushed + n;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) {
                drain();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > buf.length - n) {
                drain();
                if (len >= buf.length) {
                    checkOpen();
                    file.write(b, off, len);
                    flushed += len;
                    return;
                }
            }
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        private void checkOpen() throws IOException {
            if (closed) {
                throw new IOException(name + " is closed");
            }
        }

        private void drain() throws IOException {
            checkOpen();
            if (n > 0) {
                file.write(buf, 0, n);
                flushed += n;
                n = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            if (!closed) {
                drain();
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            drain();
            file.sync();
            closed = true;
            file.close();
        }
    }
}
