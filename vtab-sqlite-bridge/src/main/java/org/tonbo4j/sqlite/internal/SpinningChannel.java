package org.tonbo4j.sqlite.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * A session's socket in non-blocking mode, read and written as if it were blocking. A read that
 * finds nothing first polls for a short while before it waits in a selector: the extension's next
 * request usually follows a reply within microseconds, while a thread blocked in the kernel
 * takes tens of microseconds to wake on a virtual machine, which doubled the time of a point
 * lookup. The poll lasts {@code tonbo.sidecar.spinMicros} microseconds (system property, default
 * 50; 0 turns it off). Used by one thread; not thread-safe.
 */
final class SpinningChannel implements ByteChannel {
    private static final long SPIN_NANOS = Math.max(0, Math.min(10_000, Long.getLong("tonbo.sidecar.spinMicros", 50))) * 1000;

    private final SocketChannel ch;
    private final Selector selector;
    private final SelectionKey key;

    SpinningChannel(SocketChannel ch) throws IOException {
        this.ch = ch;
        ch.configureBlocking(false);
        this.selector = Selector.open();
        try {
            this.key = ch.register(selector, 0);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = ch.read(dst);
        if (n != 0 || !dst.hasRemaining()) {
            return n;
        }
        long deadline = System.nanoTime() + SPIN_NANOS;
        while (System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
            if ((n = ch.read(dst)) != 0) {
                return n;
            }
        }
        while ((n = ch.read(dst)) == 0) {
            await(SelectionKey.OP_READ);
        }
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n;
        while ((n = ch.write(src)) == 0 && src.hasRemaining()) {
            await(SelectionKey.OP_WRITE);
        }
        return n;
    }

    private void await(int op) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while waiting on the extension's socket");
        }
        key.interestOps(op);
        try {
            selector.select();
            selector.selectedKeys().clear();
        } finally {
            key.interestOps(0);
        }
    }

    @Override
    public boolean isOpen() {
        return ch.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            ch.close();
        }
    }
}
