package org.tonbo4j.sqlite.internal;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The sidecar's listener: a Unix domain socket in a directory only its owner may enter (0700),
 * accepting only peers of the same user (SO_PEERCRED), one thread per connection, each running a
 * {@link Session} over the shared {@link TableRegistry}. With an idle timeout it shuts down when
 * no connection has been open for that long. Thread-safe; {@link #close()} is idempotent and
 * closes every table.
 */
public final class SidecarServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SidecarServer.class.getName());

    private final Path socket;
    private final ServerSocketChannel server;
    private final TableRegistry registry = new TableRegistry();
    private final AtomicInteger active = new AtomicInteger();
    private final UserPrincipal owner;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long idleSince = System.nanoTime();
    private volatile boolean closed;

    private SidecarServer(Path socket, ServerSocketChannel server, UserPrincipal owner) {
        this.socket = socket;
        this.server = server;
        this.owner = owner;
    }

    /**
     * Binds the socket (creating its directory with mode 0700) and starts accepting. A stale
     * socket file is replaced; a live one means another sidecar serves it: {@link IllegalStateException}.
     *
     * @param idle shut down after this long without connections; null never
     */
    public static SidecarServer start(Path socket, Duration idle) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        UserPrincipal owner = Files.getOwner(dir);
        if (Files.exists(socket)) {
            boolean live;
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                live = probe.isConnected();
            } catch (IOException stale) {
                live = false;
            }
            if (live) {
                throw new IllegalStateException("a sidecar already serves " + socket);
            }
            Files.deleteIfExists(socket);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ch.bind(UnixDomainSocketAddress.of(socket));
        SidecarServer s = new SidecarServer(socket, ch, owner);
        Thread accept = new Thread(s::acceptLoop, "tonbo-sidecar-accept");
        accept.setDaemon(true);
        accept.start();
        if (idle != null) {
            Thread watch = new Thread(() -> s.watchIdle(idle), "tonbo-sidecar-idle");
            watch.setDaemon(true);
            watch.start();
        }
        return s;
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accept failed", e);
                continue;
            }
            if (!samePeer(ch)) {
                continue;
            }
            active.incrementAndGet();
            Thread t = new Thread(() -> {
                try {
                    new Session(new SpinningChannel(ch), registry).run();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot serve a connection: " + e);
                    try {
                        ch.close();
                    } catch (IOException ce) {
                        LOG.log(System.Logger.Level.DEBUG, "close: " + ce);
                    }
                } finally {
                    if (active.decrementAndGet() == 0) {
                        idleSince = System.nanoTime();
                    }
                }
            }, "tonbo-sidecar-session");
            t.setDaemon(true);
            t.start();
        }
    }

    private boolean samePeer(SocketChannel ch) {
        try {
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (peer.user().getName().equals(owner.getName())) {
                return true;
            }
            LOG.log(System.Logger.Level.WARNING, "refused a connection from user " + peer.user().getName());
        } catch (IOException | UnsupportedOperationException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read peer credentials: " + e);
        }
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "close: " + e);
        }
        return false;
    }

    private void watchIdle(Duration idle) {
        while (!closed) {
            try {
                Thread.sleep(Math.min(1000, Math.max(10, idle.toMillis() / 4)));
            } catch (InterruptedException e) {
                return;
            }
            if (active.get() == 0 && System.nanoTime() - idleSince > idle.toNanos()) {
                LOG.log(System.Logger.Level.INFO, "idle for " + idle + ": shutting down");
                close();
            }
        }
    }

    /** Blocks until {@link #close()} ran (for the command-line main). */
    public void awaitClose() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.close();
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + socket + ": " + e);
        }
        registry.closeAll();
        stopped.countDown();
    }
}
