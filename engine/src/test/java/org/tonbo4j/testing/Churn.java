package org.tonbo4j.testing;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tonbo4j.Table;

/**
 * A thread that keeps a table's tree moving while a test runs: a flush after every pause and a
 * full compaction every {@code compactEvery}-th round, until {@link #stop()}. Failures go to the
 * test's list.
 */
public final class Churn {
    private final AtomicBoolean done = new AtomicBoolean();
    private final Thread thread;

    public Churn(Table<?> table, int compactEvery, long pauseMillis, List<Throwable> failures) {
        thread = new Thread(() -> {
            try {
                for (int i = 0; !done.get(); i++) {
                    if (i % compactEvery == 0) {
                        table.compact();
                    } else {
                        table.flush();
                    }
                    Thread.sleep(pauseMillis);
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "flush-compact churn");
        thread.start();
    }

    /** Stops after the current round and waits for it. */
    public void stop() throws InterruptedException {
        done.set(true);
        thread.join();
    }
}
