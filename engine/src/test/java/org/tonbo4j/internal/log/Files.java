package org.tonbo4j.internal.log;

import java.io.IOException;
import java.util.Arrays;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.WritableFile;

/** Test helpers that damage stored files by rewriting them whole. */
public final class Files {
    private Files() {
    }

    public static void rewrite(Storage storage, String name, byte[] content) throws IOException {
        storage.delete(name);
        try (WritableFile f = storage.create(name)) {
            f.write(content, 0, content.length);
            f.sync();
        }
    }

    public static void truncate(Storage storage, String name, long length) throws IOException {
        rewrite(storage, name, Arrays.copyOf(storage.readAll(name), (int) length));
    }

    /** Flips one bit of byte {@code offset}. */
    public static void flip(Storage storage, String name, long offset, int bit) throws IOException {
        byte[] b = storage.readAll(name);
        b[(int) offset] ^= (byte) (1 << bit);
        rewrite(storage, name, b);
    }

    public static void append(Storage storage, String name, byte[] more) throws IOException {
        byte[] b = storage.readAll(name);
        byte[] c = Arrays.copyOf(b, b.length + more.length);
        System.arraycopy(more, 0, c, b.length, more.length);
        rewrite(storage, name, c);
    }
}
