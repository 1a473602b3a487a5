package org.tonbo4j.internal.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.storage.MemoryStorage;

/**
 * A throwaway measurement, not a test: WAL append throughput on {@link MemoryStorage} for
 * batches of 1000 rows of an INT64 key + 8 mixed columns ({@link Rows#MIXED}). Run after
 * {@code mvn -o -q -pl engine test-compile} with
 * {@code java -cp engine/target/classes:engine/target/test-classes org.tonbo4j.internal.wal.WalAppendThroughput}.
 */
public final class WalAppendThroughput {
    public static void main(String[] args) throws Exception {
        int batchSize = 1000;
        int batches = 2000;
        Random rnd = new Random(1);
        List<List<Entry>> all = new ArrayList<>();
        for (int b = 0; b < 50; b++) {
            List<Entry> batch = new ArrayList<>();
            for (int i = 0; i < batchSize; i++) {
                batch.add(Rows.put(Rows.MIXED, (long) b * batchSize + i, Rows.mixedRow((long) b * batchSize + i, rnd)));
            }
            all.add(batch);
        }
        for (int round = 0; round < 5; round++) {
            MemoryStorage storage = new MemoryStorage();
            long start = System.nanoTime();
            long bytes;
            try (WalWriter w = new WalWriter(storage, FileNames.wal(round), Rows.MIXED)) {
                for (int b = 0; b < batches; b++) {
                    List<Entry> batch = all.get(b % all.size());
                    long first = (long) b * batchSize;
                    List<Entry> renumbered = new ArrayList<>(batchSize);
                    for (int i = 0; i < batchSize; i++) {
                        Entry e = batch.get(i);
                        renumbered.add(new Entry(e.key, first + i, false, e.values));
                    }
                    w.append(renumbered);
                }
                bytes = w.size();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            long rows = (long) batches * batchSize;
            long[] replayed = new long[1];
            long t = System.nanoTime();
            WalReader.replay(storage, FileNames.wal(round), Rows.MIXED, true, batch -> replayed[0] += batch.size());
            double replaySecs = (System.nanoTime() - t) / 1e9;
            System.out.printf("round %d: append %.2f M rows/s, %.0f MB/s, %.1f bytes/row; replay %.2f M rows/s%n",
                    round, rows / secs / 1e6, bytes / secs / 1e6, (double) bytes / rows, replayed[0] / replaySecs / 1e6);
        }
    }
}
