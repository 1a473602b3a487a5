package org.tonbo4j.internal.sst;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tonbo4j.storage.ReadableFile;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/** A storage wrapper that counts bytes and calls of positional reads. */
class CountingStorage implements Storage {
    private final Storage inner;
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong reads = new AtomicLong();

    CountingStorage(Storage inner) {
        this.inner = inner;
    }

    void reset() {
        bytesRead.set(0);
        reads.set(0);
    }

    @Override
    public WritableFile create(String name) throws IOException {
        return inner.create(name);
    }

    @Override
    public ReadableFile open(String name) throws IOException {
        ReadableFile f = inner.open(name);
        return new ReadableFile() {
            @Override
            public long length() throws IOException {
                return f.length();
            }

            @Override
            public void readFully(long position, byte[] buf, int off, int len) throws IOException {
                reads.incrementAndGet();
                bytesRead.addAndGet(len);
                f.readFully(position, buf, off, len);
            }

            @Override
            public void close() throws IOException {
                f.close();
            }
        };
    }

    @Override
    public boolean exists(String name) throws IOException {
        return inner.exists(name);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return inner.list(prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        inner.delete(name);
    }

    @Override
    public void publish(String name, byte[] content) throws IOException {
        inner.publish(name, content);
    }

    @Override
    public AutoCloseable lock(String name) throws IOException {
        return inner.lock(name);
    }

    @Override
    public String describe() {
        return "counting(" + inner.describe() + ")";
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
