package org.tonbo4j.h2.internal;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.result.Row;
import org.tonbo4j.RowIterator;

/**
 * Reads engine rows and converts them to H2 rows on a second thread, a batch ahead of the query:
 * a long scan then overlaps the engine's work (decoding, merging, converting) with H2's own
 * (conditions, expressions, aggregates), which runs on the session's thread. Takes over the
 * iterator and the value cache: after {@link #start} only the producer thread touches them, and
 * the producer closes the iterator when it ends, also when {@link #close} stops it early.
 *
 * <p>Only for iterators over a committed snapshot: they share no state with the session, which
 * may write to the table while the scan runs. The consumer side (take, close) is used by the
 * session's thread only.
 */
final class Prefetcher {
    /** Rows per batch handed over. */
    static final int BATCH = 1024;
    /** Batches buffered ahead of the consumer. */
    private static final int AHEAD = 4;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tonbo-h2-scan-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    /** The end of the rows, or a failure, as the last element of the queue. */
    private static final class End {
        final Throwable error;

        End(Throwable error) {
            this.error = error;
        }
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private volatile boolean stopped;
    private Future<?> task;
    private boolean ended;

    /** Whether nobody will read on (the session is gone): the producer then stops. */
    private final java.util.function.BooleanSupplier abandoned;

    private Prefetcher(java.util.function.BooleanSupplier abandoned) {
        this.abandoned = abandoned;
    }

    /**
     * Starts reading {@code rows} (from where the caller left it) on a pool thread; the producer
     * gives up, closing the iterator, once {@code abandoned} says the reader is gone.
     */
    static Prefetcher start(Iterator<org.tonbo4j.Row> rows, RowCodec codec, ValueCache cache,
                            java.util.function.BooleanSupplier abandoned) {
        Prefetcher p = new Prefetcher(abandoned);
        p.task = POOL.submit(() -> p.produce(rows, codec, cache));
        return p;
    }

    private void produce(Iterator<org.tonbo4j.Row> rows, RowCodec codec, ValueCache cache) {
        Object last;
        try {
            while (true) {
                Row[] batch = new Row[BATCH];
                int n = 0;
                while (n < BATCH && !stopped && rows.hasNext()) {
                    batch[n++] = codec.toH2Row(rows.next(), cache);
                }
                if (n == BATCH) {
                    if (!put(batch)) {
                        return;
                    }
                    continue;
                }
                if (n > 0 && !put(java.util.Arrays.copyOf(batch, n))) {
                    return;
                }
                last = new End(null);
                break;
            }
        } catch (RuntimeException | Error e) {
            last = new End(e);
        } finally {
            if (rows instanceof RowIterator) {
                try {
                    ((RowIterator<?>) rows).close();
                } catch (RuntimeException ignored) {
                    // closing releases the snapshot; a failure here has nothing left to report to
                }
            }
        }
        put(last);
    }

    /** Hands a batch over, waiting while the consumer is behind; false once stopped. */
    private boolean put(Object item) {
        try {
            long wait = 10;
            while (!stopped) {
                if (queue.offer(item, wait, TimeUnit.MILLISECONDS)) {
                    return true;
                }
                if (abandoned.getAsBoolean()) {
                    stopped = true; // e.g. a LIMIT stopped reading and the connection closed
                    break;
                }
                wait = Math.min(1000, wait * 2); // a reader that is away long is checked on rarely
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The next batch (not empty), or null at the end; rethrows the producer's failure. */
    Row[] take() {
        if (ended) {
            return null;
        }
        Object item;
        try {
            item = queue.poll(100, TimeUnit.MILLISECONDS);
            while (item == null) {
                if (task.isDone() && queue.isEmpty()) {
                    ended = true; // cannot happen while produce ends with an End; never wait for nothing
                    throw new org.tonbo4j.TonboException("the scan's reader thread ended without a result");
                }
                item = queue.poll(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new org.tonbo4j.TonboException("interrupted while reading the table", e);
        }
        if (item instanceof End) {
            ended = true;
            Throwable error = ((End) item).error;
            if (error instanceof RuntimeException) {
                throw (RuntimeException) error;
            }
            if (error != null) {
                throw (Error) error;
            }
            return null;
        }
        return (Row[]) item;
    }

    /**
     * Stops the producer and waits until it has closed the iterator, also when interrupted (the
     * interrupt stays set). Idempotent; may be called from another thread than the reader's.
     */
    void close() {
        stopped = true;
        queue.clear();
        boolean interrupted = false;
        while (true) {
            try {
                task.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException e) {
                break; // produce catches what the iterator throws; nothing else can fail there
            }
        }
        queue.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
