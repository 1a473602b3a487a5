package org.tonbo4j.s3.internal;

import java.util.concurrent.atomic.LongAdder;
import org.tonbo4j.s3.S3Stats;

/** The running counters behind {@link S3Stats}. Thread-safe. */
public final class Counters {
    final LongAdder gets = new LongAdder();
    final LongAdder getBytes = new LongAdder();
    final LongAdder puts = new LongAdder();
    final LongAdder putBytes = new LongAdder();
    final LongAdder lists = new LongAdder();
    final LongAdder heads = new LongAdder();
    final LongAdder deletes = new LongAdder();
    /** HTTP attempts, retries included; retries = attempts - requests. */
    final LongAdder attempts = new LongAdder();
    final LongAdder memoryHits = new LongAdder();
    final LongAdder diskHits = new LongAdder();
    final LongAdder misses = new LongAdder();

    private long retries() {
        long requests = gets.sum() + puts.sum() + lists.sum() + heads.sum() + deletes.sum();
        return Math.max(0, attempts.sum() - requests);
    }

    public S3Stats snapshot() {
        return new S3Stats(gets.sum(), getBytes.sum(), puts.sum(), putBytes.sum(), lists.sum(), heads.sum(),
                deletes.sum(), retries(), memoryHits.sum(), diskHits.sum(), misses.sum());
    }
}
