package org.tonbo4j.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes the execution samples of a JFR file: samples per thread, the top frames by self
 * time (the sampled frame) and the top methods by inclusive time (anywhere on the stack; JDK
 * and benchmark frames left out), and the top frames of threads sampled in native code. Stateless.
 *
 * <p>Run on any recording: {@code java -cp bench/target/classes org.tonbo4j.bench.JfrTop FILE.jfr [N]}
 */
final class JfrTop {
    private JfrTop() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrTop FILE.jfr [N]");
            System.exit(2);
        }
        System.out.print(summarize(Path.of(args[0]), args.length > 1 ? Integer.parseInt(args[1]) : 15));
    }

    static String summarize(Path jfr, int top) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> nativeTop = new HashMap<>();
        int samples = 0;
        int nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            String type = e.getEventType().getName();
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = st.getFrames();
            if (type.equals("jdk.ExecutionSample")) {
                samples++;
                self.merge(frame(frames.get(0), true), 1, Integer::sum);
                threads.merge(threadGroup(e), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String m = frame(f, false);
                    if (!isJdk(m) && seen.add(m)) {
                        inclusive.merge(m, 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.NativeMethodSample")) {
                nativeSamples++;
                nativeTop.merge(threadGroup(e) + ": " + frame(frames.get(0), false) + " <- " + firstNonJdk(frames), 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d execution samples (Java code, 10 ms), %d native samples (20 ms)%n",
                jfr.getFileName(), samples, nativeSamples));
        section(sb, "threads (execution samples)", threads, samples, top);
        section(sb, "top frames, self", self, samples, top);
        section(sb, "top non-JDK methods, inclusive", inclusive, samples, top);
        section(sb, "threads in native code: top frame <- first non-JDK caller", nativeTop, nativeSamples, top);
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, Map<String, Integer> counts, int total, int top) {
        sb.append("  ").append(title).append(":\n");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top).forEach(en ->
                sb.append(String.format(Locale.ROOT, "    %5.1f%%  %6d  %s%n", 100.0 * en.getValue() / Math.max(1, total), en.getValue(), en.getKey())));
    }

    private static String frame(RecordedFrame f, boolean withLine) {
        String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
        return withLine && f.getLineNumber() > 0 ? m + ":" + f.getLineNumber() : m;
    }

    private static String firstNonJdk(List<RecordedFrame> frames) {
        for (RecordedFrame f : frames) {
            String m = frame(f, false);
            if (!isJdk(m)) {
                return m;
            }
        }
        return "?";
    }

    private static boolean isJdk(String method) {
        return method.startsWith("java.") || method.startsWith("jdk.") || method.startsWith("sun.")
                || method.startsWith("org.tonbo4j.bench.");
    }

    /** Thread name with trailing digits removed, so pools aggregate. */
    private static String threadGroup(RecordedEvent e) {
        Object t = e.getValue("sampledThread");
        String name = t instanceof jdk.jfr.consumer.RecordedThread ? ((jdk.jfr.consumer.RecordedThread) t).getJavaName() : "?";
        return name == null ? "?" : name.replaceAll("[-#]?\\d+$", "");
    }
}
