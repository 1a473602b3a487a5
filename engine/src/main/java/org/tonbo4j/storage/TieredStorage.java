package org.tonbo4j.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A table spread over several storages by LSM level: the WAL, the manifest, {@code CURRENT},
 * the lock and the SSTs of the hot levels live in the {@linkplain #primary() primary} storage;
 * the SSTs of level {@code n} and deeper live in the storage given for {@code n} by
 * {@link Builder#levelsFrom(int, Storage)} — for example L0–L1 on local disk and L2 and
 * deeper in S3, like Tonbo's {@code level_path}.
 *
 * <p>New SSTs go where their level belongs (the engine asks {@link #forLevel(int)}). A file
 * keeps its place when its level changes: a compaction that would move a file across a
 * placement boundary rewrites it instead, so data moves between placements only through
 * compaction. Files are found wherever they are: {@link #open}, {@link #exists} and
 * {@link #delete} look in every tier (primary first) and remember where each file was found,
 * so a table reopened with a different placement still finds its files, and compaction
 * gradually moves them.
 *
 * <p>{@link #list} is the sorted union of all tiers. Names outside {@code sst/} always use the
 * primary. Thread-safe if every tier is. Closing closes every tier.
 */
public final class TieredStorage implements Storage {
    private static final String SST_DIR = "sst/";

    private final Storage primary;
    private final TreeMap<Integer, Storage> byLevel;
    /** Every distinct storage, primary first. */
    private final List<Storage> tiers;
    /** Where an SST was last created or found. */
    private final ConcurrentHashMap<String, Storage> located = new ConcurrentHashMap<>();

    private TieredStorage(Storage primary, TreeMap<Integer, Storage> byLevel) {
        this.primary = primary;
        this.byLevel = byLevel;
        Set<Storage> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Storage> all = new ArrayList<>();
        all.add(primary);
        seen.add(primary);
        for (Storage s : byLevel.values()) {
            if (seen.add(s)) {
                all.add(s);
            }
        }
        this.tiers = List.copyOf(all);
    }

    /** Starts a placement whose WAL, manifest and every level not mapped otherwise use {@code primary}. */
    public static Builder builder(Storage primary) {
        return new Builder(primary);
    }

    /** Builds a {@link TieredStorage}. Not thread-safe. */
    public static final class Builder {
        private final Storage primary;
        private final TreeMap<Integer, Storage> byLevel = new TreeMap<>();

        private Builder(Storage primary) {
            this.primary = Objects.requireNonNull(primary, "primary");
        }

        /**
         * SSTs of {@code level} and deeper (until a deeper mapping) go to {@code storage}.
         * {@code level} must be at least 0; L0 too may be placed away from the WAL.
         */
        public Builder levelsFrom(int level, Storage storage) {
            if (level < 0) {
                throw new IllegalArgumentException("level must be >= 0: " + level);
            }
            byLevel.put(level, Objects.requireNonNull(storage, "storage"));
            return this;
        }

        public TieredStorage build() {
            return new TieredStorage(primary, new TreeMap<>(byLevel));
        }
    }

    /** The storage of the WAL, the manifest and the levels not mapped elsewhere. */
    public Storage primary() {
        return primary;
    }

    /** The storage where new SSTs of {@code level} are created. */
    public Storage forLevel(int level) {
        Map.Entry<Integer, Storage> e = byLevel.floorEntry(level);
        return e == null ? primary : e.getValue();
    }

    /** Where new SSTs of {@code level} go in {@code storage} ({@code storage} itself unless it is tiered). */
    public static Storage forLevel(Storage storage, int level) {
        return storage instanceof TieredStorage t ? t.forLevel(level) : storage;
    }

    /** Whether SSTs of the two levels are created in the same storage of {@code storage}. */
    public static boolean samePlacement(Storage storage, int levelA, int levelB) {
        return !(storage instanceof TieredStorage t) || t.forLevel(levelA) == t.forLevel(levelB);
    }

    /**
     * Creates a file in the storage its name belongs to: an SST created through here goes to
     * the primary; the engine creates SSTs through {@link #forLevel(int)} instead and this
     * storage learns where they are when it first looks for them.
     */
    @Override
    public WritableFile create(String name) throws IOException {
        if (name.startsWith(SST_DIR)) {
            located.put(name, primary);
        }
        return primary.create(name);
    }

    private Storage locate(String name) throws IOException {
        if (!name.startsWith(SST_DIR)) {
            return primary;
        }
        Storage known = located.get(name);
        if (known != null && known.exists(name)) {
            return known;
        }
        for (Storage s : tiers) {
            if (s != known && s.exists(name)) {
                located.put(name, s);
                return s;
            }
        }
        located.remove(name);
        return null;
    }

    @Override
    public ReadableFile open(String name) throws IOException {
        Storage known = name.startsWith(SST_DIR) ? located.get(name) : primary;
        if (known != null) {
            try {
                return known.open(name);
            } catch (java.nio.file.NoSuchFileException e) {
                if (known == primary && !name.startsWith(SST_DIR)) {
                    throw e;
                }
            }
        }
        Storage s = locate(name);
        if (s == null) {
            throw new java.nio.file.NoSuchFileException(name + " (in none of " + describe() + ")");
        }
        return s.open(name);
    }

    @Override
    public boolean exists(String name) throws IOException {
        return name.startsWith(SST_DIR) ? locate(name) != null : primary.exists(name);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        if (!prefix.startsWith(SST_DIR) && !SST_DIR.startsWith(prefix)) {
            return primary.list(prefix);
        }
        TreeSet<String> all = new TreeSet<>();
        for (Storage s : tiers) {
            for (String n : s.list(prefix)) {
                all.add(n);
                if (n.startsWith(SST_DIR)) {
                    located.putIfAbsent(n, s);
                }
            }
        }
        return new ArrayList<>(all);
    }

    @Override
    public void delete(String name) throws IOException {
        if (!name.startsWith(SST_DIR)) {
            primary.delete(name);
            return;
        }
        located.remove(name);
        for (Storage s : tiers) {
            if (s.exists(name)) {
                s.delete(name);
            }
        }
    }

    @Override
    public void publish(String name, byte[] content) throws IOException {
        primary.publish(name, content);
    }

    @Override
    public byte[] readAll(String name) throws IOException {
        Storage s = locate(name);
        if (s == null) {
            throw new java.nio.file.NoSuchFileException(name + " (in none of " + describe() + ")");
        }
        return s.readAll(name);
    }

    @Override
    public AutoCloseable lock(String name) throws IOException {
        return primary.lock(name);
    }

    /** The tiers' counters, summed by name. */
    @Override
    public Map<String, Long> counters() {
        java.util.TreeMap<String, Long> all = new java.util.TreeMap<>();
        for (Storage s : tiers) {
            s.counters().forEach((k, v) -> all.merge(k, v, Long::sum));
        }
        return all;
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("tiered[").append(primary.describe());
        for (Map.Entry<Integer, Storage> e : byLevel.entrySet()) {
            b.append(", L").append(e.getKey()).append("+: ").append(e.getValue().describe());
        }
        return b.append(']').toString();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Storage s : tiers) {
            try {
                s.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
