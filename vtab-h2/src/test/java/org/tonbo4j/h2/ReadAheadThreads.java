package org.tonbo4j.h2;

/** What the tests see of the H2 bridge's read-ahead threads (named tonbo-h2-scan-N). */
final class ReadAheadThreads {
    private ReadAheadThreads() {
    }

    static String states() {
        StringBuilder b = new StringBuilder();
        for (var e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t.getName().startsWith("tonbo-h2-scan") && java.util.Arrays.stream(e.getValue())
                    .anyMatch(f -> f.getClassName().endsWith("Prefetcher"))) {
                b.append(t.getName()).append(" reading, at ").append(e.getValue()[0]).append("; ");
            }
        }
        return b.toString();
    }

    /** Whether no read-ahead thread is inside a Prefetcher (they wait in their pool once every cursor is closed). */
    static boolean idle() {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("tonbo-h2-scan")) {
                for (StackTraceElement f : e.getValue()) {
                    if (f.getClassName().endsWith("Prefetcher")) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** Waits up to two seconds for {@link #idle}; with {@code collect}, asks for a GC between looks. */
    static boolean waitForIdle(boolean collect) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (idle()) {
                return true;
            }
            if (collect) {
                System.gc();
            }
            Thread.sleep(20);
        }
        return false;
    }
}
