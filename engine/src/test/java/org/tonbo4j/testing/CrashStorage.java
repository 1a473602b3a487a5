package org.tonbo4j.testing;

import java.io.IOException;
import java.util.Map;
import java.util.Random;
import org.tonbo4j.storage.MemoryStorage;
import org.tonbo4j.storage.WritableFile;

/**
 * A memory storage that can "lose power": {@link #crashImage} returns a new storage holding, for
 * every file, only its synced bytes followed by random garbage in place of the unsynced tail
 * (or nothing of it). Published files and deletions are durable at once. It can also capture
 * that image by itself just before its n-th mutating operation ({@link #captureBeforeOp}), so
 * crashes land inside flushes, compactions and manifest writes.
 */
public final class CrashStorage extends MemoryStorage {
    private final Random random;
    private final Object imageLock = new Object();
    private long ops;
    private long captureAt = -1;
    private volatile MemoryStorage captured;

    public CrashStorage(long seed) {
        this.random = new Random(seed);
    }

    /** Captures the crash image right before mutating operation number {@code n} (1-based). */
    public void captureBeforeOp(long n) {
        synchronized (imageLock) {
            captureAt = n;
        }
    }

    /** The captured image, or null if the operation count was not reached. */
    public MemoryStorage captured() {
        return captured;
    }

    /** Mutating operations so far. */
    public long mutatingOps() {
        synchronized (imageLock) {
            return ops;
        }
    }

    public boolean hasCaptured() {
        return captured != null;
    }

    private void tick() {
        synchronized (imageLock) {
            ops++;
            if (ops == captureAt && captured == null) {
                captured = crashImage();
            }
        }
    }

    /** What a crash now would leave behind. */
    public MemoryStorage crashImage() {
        synchronized (imageLock) {
            Image img = new Image();
            for (Map.Entry<String, MemFile> e : files().entrySet()) {
                FileState st = state(e.getValue());
                byte[] all = st.data();
                int synced = st.synced();
                int unsynced = all.length - synced;
                int keep = unsynced == 0 ? 0 : random.nextInt(unsynced + 1);
                byte[] b = new byte[synced + keep];
                System.arraycopy(all, 0, b, 0, synced);
                for (int i = synced; i < b.length; i++) {
                    // Half the time the bytes made it, half the time they are garbage.
                    b[i] = random.nextBoolean() ? all[i] : (byte) random.nextInt(256);
                }
                img.install(e.getKey(), b);
            }
            return img;
        }
    }

    @Override
    public WritableFile create(String name) throws IOException {
        tick();
        WritableFile w = super.create(name);
        return new ForwardingWritableFile(w) {
            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                tick();
                inner.write(buf, off, len);
            }

            @Override
            public void sync() throws IOException {
                tick();
                inner.sync();
            }
        };
    }

    @Override
    public void delete(String name) {
        tick();
        super.delete(name);
    }

    @Override
    public void publish(String name, byte[] content) {
        tick();
        super.publish(name, content);
    }

    /** A plain memory storage filled from an image. */
    private static final class Image extends MemoryStorage {
        void install(String name, byte[] content) {
            put(name, content);
        }
    }
}
