package org.tonbo4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One engine under test, open on its own directory: the operations the workloads time, on the
 * common row representation (an {@code Object[]} of the {@link BenchData#SCHEMA} columns, id at
 * index 0). Not thread-safe: the benchmark drives it from one thread.
 */
interface BenchEngine extends AutoCloseable {

    /** A short name for tables of results ("tonbo", "rocksdb"). */
    String name();

    /** Writes {@code n} rows atomically, durable as the engine was opened (sync or not). */
    void insertBatch(Object[][] rows, int n);

    /** The row with this key, or null. */
    Object[] get(long id);

    /**
     * Reads every row in key order and hands it to {@code sink}; with {@code projection}, only
     * the key and {@link BenchData#PROJECTED_COLUMN} need be filled (engines without projection
     * return full rows). Returns the number of rows.
     */
    long scan(boolean projection, Consumer<Object[]> sink);

    /** Persists the memtable and compacts everything into one sorted run; waits for both. */
    void flushAndCompact();

    /** Bytes of the engine's data files (SSTs) as the engine reports them. */
    long dataBytes();

    /** A one-line description of the engine's configuration, for the report. */
    String describe();

    @Override
    void close();

    /** Sum of the sizes of all regular files under {@code dir}. */
    static long directoryBytes(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // deleted by a background thread while walking
                }
            }).sum();
        } catch (IOException e) {
            throw new IllegalStateException("cannot size " + dir + ": " + e, e);
        }
    }
}
