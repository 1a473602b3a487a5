package org.tonbo4j;

import java.time.Duration;
import java.util.Objects;

/**
 * When the write-ahead log is forced to stable storage. Immutable.
 *
 * <ul>
 *   <li>{@link #everyCommit()}: a write returns only after its WAL record is synced; every
 *       acknowledged write survives a crash or power loss. Concurrent writers share one sync
 *       (group commit). The default.</li>
 *   <li>{@link #interval(Duration)}: a background thread syncs every period; a crash may lose
 *       the writes of the last period.</li>
 *   <li>{@link #never()}: the WAL is written but only synced when a segment is closed; survives
 *       a process crash (the OS has the bytes), not a power loss.</li>
 * </ul>
 */
public final class SyncPolicy {
    /** The kinds of policies. */
    public enum Kind { EVERY_COMMIT, INTERVAL, NEVER }

    private static final SyncPolicy EVERY = new SyncPolicy(Kind.EVERY_COMMIT, Duration.ZERO);
    private static final SyncPolicy NEVER = new SyncPolicy(Kind.NEVER, Duration.ZERO);

    private final Kind kind;
    private final Duration interval;

    private SyncPolicy(Kind kind, Duration interval) {
        this.kind = kind;
        this.interval = interval;
    }

    public static SyncPolicy everyCommit() {
        return EVERY;
    }

    public static SyncPolicy never() {
        return NEVER;
    }

    /** Sync every {@code period} (at least 1 ms). */
    public static SyncPolicy interval(Duration period) {
        Objects.requireNonNull(period, "period");
        if (period.toMillis() < 1) {
            throw new IllegalArgumentException("sync interval must be at least 1 ms, got " + period);
        }
        return new SyncPolicy(Kind.INTERVAL, period);
    }

    public Kind kind() {
        return kind;
    }

    /** The period of an INTERVAL policy; zero otherwise. */
    public Duration interval() {
        return interval;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncPolicy && ((SyncPolicy) o).kind == kind && ((SyncPolicy) o).interval.equals(interval);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + interval.hashCode();
    }

    @Override
    public String toString() {
        return kind == Kind.INTERVAL ? "interval(" + interval.toMillis() + "ms)" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
