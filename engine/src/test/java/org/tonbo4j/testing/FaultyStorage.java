package org.tonbo4j.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.tonbo4j.storage.ReadableFile;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/**
 * Wraps a storage and makes one operation of one kind fail with an IOException: the n-th
 * create, write, sync, read, list, delete or publish. Counts every kind. Thread-safe.
 */
public final class FaultyStorage implements Storage {
    /** The operation kinds that can fail. */
    public enum Op { CREATE, WRITE, SYNC, OPEN, READ, LIST, DELETE, PUBLISH }

    private final Storage inner;
    private volatile Op failing;
    private volatile long failAt;
    private final AtomicLong[] counts = new AtomicLong[Op.values().length];
    private volatile boolean failed;

    /** Fails the {@code failAt}-th (1-based) operation of kind {@code failing}, and only that one. */
    public FaultyStorage(Storage inner, Op failing, long failAt) {
        this.inner = inner;
        this.failing = failing;
        this.failAt = failAt;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new AtomicLong();
        }
    }

    public boolean failed() {
        return failed;
    }

    /** Operations of a kind so far (failed ones included). */
    public long count(Op op) {
        return counts[op.ordinal()].get();
    }

    /** From now on fails the {@code n}-th (1-based, counted from the start) operation of kind {@code op} instead. */
    public void failAfter(Op op, long n) {
        failAt = n;
        failing = op;
    }

    private void tick(Op op, String name) throws IOException {
        long n = counts[op.ordinal()].incrementAndGet();
        if (op == failing && n == failAt) {
            failed = true;
            throw new IOException("injected " + op + " failure #" + n + " on " + name);
        }
    }

    @Override
    public WritableFile create(String name) throws IOException {
        tick(Op.CREATE, name);
        WritableFile w = inner.create(name);
        return new ForwardingWritableFile(w) {
            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                tick(Op.WRITE, name);
                inner.write(buf, off, len);
            }

            @Override
            public void sync() throws IOException {
                tick(Op.SYNC, name);
                inner.sync();
            }
        };
    }

    @Override
    public ReadableFile open(String name) throws IOException {
        tick(Op.OPEN, name);
        ReadableFile r = inner.open(name);
        return new ReadableFile() {
            @Override
            public long length() throws IOException {
                return r.length();
            }

            @Override
            public void readFully(long position, byte[] buf, int off, int len) throws IOException {
                tick(Op.READ, name);
                r.readFully(position, buf, off, len);
            }

            @Override
            public void close() throws IOException {
                r.close();
            }
        };
    }

    @Override
    public boolean exists(String name) throws IOException {
        return inner.exists(name);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        tick(Op.LIST, prefix);
        return inner.list(prefix);
    }

    @Override
    public void delete(String name) throws IOException {
        tick(Op.DELETE, name);
        inner.delete(name);
    }

    @Override
    public void publish(String name, byte[] content) throws IOException {
        tick(Op.PUBLISH, name);
        inner.publish(name, content);
    }

    @Override
    public AutoCloseable lock(String name) throws IOException {
        return inner.lock(name);
    }

    @Override
    public String describe() {
        return "faulty(" + inner.describe() + ")";
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
