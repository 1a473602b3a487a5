package org.tonbo4j.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;

/**
 * Watches one timed phase: optionally records a JFR execution profile of it (written to
 * {@code <profileDir>/<engine>-<phase>.jfr} when the phase ends), and prints a thread dump to
 * stderr every {@code stallSeconds} while the phase is still running, so a hang or a
 * pathologically slow phase leaves evidence. Used from the benchmark thread only.
 */
final class PhaseWatch implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final String what;
    private final Recording recording;
    private final Path jfrFile;
    private final ScheduledFuture<?> dumper;

    private PhaseWatch(String what, Recording recording, Path jfrFile, int stallSeconds) {
        this.what = what;
        this.recording = recording;
        this.jfrFile = jfrFile;
        this.dumper = TIMER.scheduleAtFixedRate(this::dumpThreads, stallSeconds, stallSeconds, TimeUnit.SECONDS);
    }

    /** Starts watching; {@code profileDir} null: no profile. */
    static PhaseWatch start(String engine, String phase, Path profileDir, int stallSeconds) {
        Recording r = null;
        Path file = null;
        if (profileDir != null) {
            r = new Recording();
            r.setName(engine + "-" + phase);
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(20));
            r.enable("jdk.GarbageCollection");
            r.start();
            file = profileDir.resolve(engine + "-" + phase + ".jfr");
        }
        return new PhaseWatch(engine + " " + phase, r, file, stallSeconds);
    }

    /** The profile written at close, or null. */
    Path jfrFile() {
        return jfrFile;
    }

    private void dumpThreads() {
        StringBuilder sb = new StringBuilder("=== still running: " + what + "; thread dump ===\n");
        for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append('"').append(ti.getThreadName()).append("\" ").append(ti.getThreadState()).append('\n');
            for (StackTraceElement e : ti.getStackTrace()) {
                sb.append("    at ").append(e).append('\n');
            }
        }
        System.err.print(sb);
    }

    @Override
    public void close() {
        dumper.cancel(false);
        if (recording != null) {
            recording.stop();
            try {
                recording.dump(jfrFile);
            } catch (IOException e) {
                System.err.println("cannot write profile " + jfrFile + ": " + e);
            }
            recording.close();
        }
    }
}
