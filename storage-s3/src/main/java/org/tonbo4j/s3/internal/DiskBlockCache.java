package org.tonbo4j.s3.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded cache of fetched blocks in a local directory, kept across restarts. A block is a
 * file named by the SHA-256 of its id (object key, etag, block index), written to a temporary
 * name and renamed, so a crash leaves whole blocks or none; a block that cannot be read is
 * treated as a miss. Least recently used blocks are deleted past the bound. Failures of the
 * cache never fail a read: the block is fetched from S3 instead. Thread-safe.
 */
final class DiskBlockCache {
    private static final System.Logger LOG = System.getLogger(DiskBlockCache.class.getName());
    private final Path dir;
    private final long capacity;
    /** File name to size, in access order. */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;

    DiskBlockCache(Path dir, long capacity) throws IOException {
        this.dir = dir;
        this.capacity = capacity;
        Files.createDirectories(dir);
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                found.add(p);
            }
        }
        found.sort((a, b) -> {
            try {
                return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
            } catch (IOException e) {
                return 0;
            }
        });
        for (Path p : found) {
            String n = p.getFileName().toString();
            if (n.endsWith(".tmp")) {
                Files.deleteIfExists(p);
            } else {
                long size = Files.size(p);
                entries.put(n, size);
                bytes += size;
            }
        }
        evict();
    }

    private static String fileName(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The block, or null if absent or unreadable. */
    byte[] get(String id, int expectedLength) {
        String n = fileName(id);
        synchronized (this) {
            if (entries.get(n) == null) {
                return null;
            }
        }
        try {
            byte[] b = Files.readAllBytes(dir.resolve(n));
            if (b.length == expectedLength) {
                return b;
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "disk cache block unreadable: " + n, e);
        }
        remove(n);
        return null;
    }

    void put(String id, byte[] block) {
        if (block.length > capacity / 4) {
            return;
        }
        String n = fileName(id);
        Path tmp = dir.resolve(n + "." + Thread.currentThread().getId() + ".tmp");
        try {
            Files.write(tmp, block);
            Files.move(tmp, dir.resolve(n), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not cache a block on disk in " + dir, e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // Swept at the next start.
            }
            return;
        }
        synchronized (this) {
            Long old = entries.put(n, (long) block.length);
            bytes += block.length - (old == null ? 0 : old);
        }
        evict();
    }

    private void remove(String n) {
        synchronized (this) {
            Long old = entries.remove(n);
            if (old != null) {
                bytes -= old;
            }
        }
        try {
            Files.deleteIfExists(dir.resolve(n));
        } catch (IOException ignored) {
            // Stays until evicted again.
        }
    }

    private void evict() {
        List<String> victims = new ArrayList<>();
        synchronized (this) {
            var it = entries.entrySet().iterator();
            while (bytes > capacity && it.hasNext()) {
                Map.Entry<String, Long> e = it.next();
                bytes -= e.getValue();
                victims.add(e.getKey());
                it.remove();
            }
        }
        for (String n : victims) {
            try {
                Files.deleteIfExists(dir.resolve(n));
            } catch (IOException ignored) {
                // Counted as gone; the next start recounts.
            }
        }
    }

    synchronized long bytes() {
        return bytes;
    }
}
