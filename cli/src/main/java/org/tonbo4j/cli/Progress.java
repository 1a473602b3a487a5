package org.tonbo4j.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Option;

/**
 * The progress bar of long-running commands (compact, verify, export, scans to a file), on
 * standard error: shown when that is a terminal, or forced with {@code --progress}
 * ({@code --no-progress} hides it). A bar with a known total shows a percentage and an
 * estimate; one without (the engine's compaction, verification and export report no progress)
 * shows elapsed time and, where it can be measured, the amount done so far. Not thread-safe.
 */
final class Progress implements AutoCloseable {
    /** The command-line switch, as a picocli mixin. */
    static final class Switch {
        @Option(names = "--progress", negatable = true,
                description = "show a progress bar on standard error (default: when it is a terminal)")
        Boolean progress;

        boolean enabled() {
            return progress != null ? progress : System.console() != null;
        }
    }

    private final ProgressBar bar;
    private final PrintWriter err;
    private final Thread poller;

    private Progress(ProgressBar bar, PrintWriter err, LongSupplier measure) {
        this.bar = bar;
        this.err = err;
        if (bar != null && measure != null) {
            poller = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    bar.stepTo(measure.getAsLong());
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "tonbo-cli-progress");
            poller.setDaemon(true);
            poller.start();
        } else {
            poller = null;
        }
    }

    /** No bar (output goes to the terminal itself). */
    static Progress off() {
        return new Progress(null, null, null);
    }

    /**
     * A bar named {@code task} counting {@code unit}s up to {@code max} (-1: unknown); if
     * {@code measure} is given it is polled for the amount done. A no-op when switched off.
     */
    static Progress start(Switch s, PrintWriter err, String task, long max, String unit, LongSupplier measure) {
        if (!s.enabled()) {
            return new Progress(null, err, null);
        }
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setMaxRenderedLength(100)
                .setConsumer(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r');
                    err.print(line);
                    err.flush();
                }, 100));
        if (unit.equals("B")) {
            b.setUnit(" MiB", 1 << 20);
        } else {
            b.setUnit(" " + unit, 1);
        }
        return new Progress(b.build(), err, measure);
    }

    void step() {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.interrupt();
            try {
                poller.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (bar != null) {
            bar.close();
            err.println();
            err.flush();
        }
    }
}
