package org.tonbo4j.testing;

import java.io.IOException;
import org.tonbo4j.storage.WritableFile;

/** A writable file that passes every call to another; test storages override what they watch. */
public class ForwardingWritableFile implements WritableFile {
    protected final WritableFile inner;

    public ForwardingWritableFile(WritableFile inner) {
        this.inner = inner;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        inner.write(buf, off, len);
    }

    @Override
    public long position() {
        return inner.position();
    }

    @Override
    public void sync() throws IOException {
        inner.sync();
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
