package org.tonbo4j.storage;

import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.tonbo4j.TableLockedException;

/**
 * {@link Storage} on a local directory. Names map to files below the root; sub-directories are
 * created on demand. Durability: {@link WritableFile#sync()} forces the file's data and, the
 * first time, its directory entry; {@link #publish} writes a temporary file, forces it, renames
 * it over the target atomically and forces the directory.
 */
public final class LocalStorage implements Storage {
    private final Path root;

    /** Storage rooted at {@code root}, which is created if missing. */
    public LocalStorage(Path root) throws IOException {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        Files.createDirectories(this.root);
    }

    public Path root() {
        return root;
    }

    private Path path(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("\\")) {
            throw new IllegalArgumentException("bad storage file name: '" + name + "'");
        }
        return root.resolve(name);
    }

    @Override
    public WritableFile create(String name) throws IOException {
        Path p = path(name);
        Files.createDirectories(p.getParent());
        if (Files.exists(p)) {
            throw new java.nio.file.FileAlreadyExistsException(p.toString());
        }
        return new LocalWritableFile(p, new FileOutputStream(p.toFile()));
    }

    @Override
    public ReadableFile open(String name) throws IOException {
        Path p = path(name);
        return new LocalReadableFile(p, FileChannel.open(p, StandardOpenOption.READ));
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(path(name));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        String dirPart = slash < 0 ? "" : prefix.substring(0, slash);
        Path dir = dirPart.isEmpty() ? root : path(dirPart);
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    String name = root.relativize(p).toString().replace('\\', '/');
                    if (name.startsWith(prefix)) {
                        out.add(name);
                    }
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(path(name));
    }

    @Override
    public void publish(String name, byte[] content) throws IOException {
        Path target = path(name);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    @Override
    public AutoCloseable lock(String name) throws IOException {
        Path p = path(name);
        Files.createDirectories(p.getParent());
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            ch.close();
            throw new TableLockedException("table at " + root + " is already open for writing in this JVM");
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            throw new TableLockedException("table at " + root + " is open for writing by another process (lock file " + p + ")");
        }
        return () -> {
            try {
                lock.release();
            } finally {
                ch.close();
            }
        };
    }

    @Override
    public String describe() {
        return root.toString();
    }

    @Override
    public void close() {
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open or force directories; data files are still forced.
            if (Files.isDirectory(dir)) {
                return;
            }
            throw e;
        }
    }

    /**
     * Writes through a FileOutputStream and syncs through its descriptor: unlike FileChannel,
     * neither is interruptible, so an interrupted caller cannot close the file under others.
     */
    private static final class LocalWritableFile implements WritableFile {
        private final Path path;
        private final FileOutputStream out;
        private long position;
        private boolean dirSynced;

        LocalWritableFile(Path path, FileOutputStream out) {
            this.path = path;
            this.out = out;
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            out.write(buf, off, len);
            position += len;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void sync() throws IOException {
            out.getFD().sync();
            if (!dirSynced) {
                syncDirectory(path.getParent());
                dirSynced = true;
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Positional reads on a FileChannel. An interrupt during a read closes a FileChannel for
     * every thread; this file then reopens the channel so other readers go on, and the
     * interrupted reader gets an InterruptedIOException.
     */
    private static final class LocalReadableFile implements ReadableFile {
        private final Path path;
        private volatile FileChannel ch;
        private volatile boolean closed;

        LocalReadableFile(Path path, FileChannel ch) {
            this.path = path;
            this.ch = ch;
        }

        @Override
        public long length() throws IOException {
            return channel().size();
        }

        private FileChannel channel() throws IOException {
            if (closed) {
                throw new java.nio.channels.ClosedChannelException();
            }
            return ch;
        }

        private synchronized void reopen(FileChannel broken) throws IOException {
            if (!closed && ch == broken) {
                ch = FileChannel.open(path, StandardOpenOption.READ);
            }
        }

        @Override
        public void readFully(long position, byte[] buf, int off, int len) throws IOException {
            for (int attempt = 0; ; attempt++) {
                FileChannel c = channel();
                try {
                    readFully(c, position, buf, off, len);
                    return;
                } catch (java.nio.channels.ClosedChannelException e) {
                    if (closed) {
                        throw e;
                    }
                    reopen(c);
                    if (Thread.currentThread().isInterrupted()) {
                        throw new java.io.InterruptedIOException("interrupted while reading " + path);
                    }
                    if (attempt >= 3) {
                        throw e;
                    }
                }
            }
        }

        private static void readFully(FileChannel c, long position, byte[] buf, int off, int len) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(buf, off, len);
            long pos = position;
            while (b.hasRemaining()) {
                int n = c.read(b, pos);
                if (n < 0) {
                    throw new EOFException("end of file at " + pos + " reading " + len + " bytes at " + position);
                }
                pos += n;
            }
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            ch.close();
        }
    }
}
