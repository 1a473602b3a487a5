package org.tonbo4j.samples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the demo measured, per database ("H2", "SQLite") and metric: the native table's and the
 * tonbo table's value and their answers. Prints the side-by-side table, checks that the answers
 * agree, and writes the figures as CSV for the chart generator ({@code scripts/bench-charts.sh}); the
 * CSV's {@code advantage} is the ratio above: native / tonbo.
 */
final class Report {
    /** One metric of one database; {@code seconds} true for times, false for bytes. */
    record Line(String database, String metric, boolean seconds, double nativeValue, double tonboValue) {
        /** Above 1: tonbo better (faster, or smaller on disk). */
        double ratio() {
            return nativeValue / tonboValue;
        }
    }

    private final long rows;
    private final List<Line> lines = new ArrayList<>();
    private final Map<String, List<Workload.Result>[]> answers = new LinkedHashMap<>();
    private List<Object> duckdbAnswer;

    Report(long rows) {
        this.rows = rows;
    }

    List<Line> lines() {
        return lines;
    }

    void ingest(String db, double nativeSeconds, double tonboSeconds) {
        lines.add(new Line(db, "ingest", true, nativeSeconds, tonboSeconds));
    }

    void bytes(String db, long nativeBytes, long tonboBytes) {
        lines.add(new Line(db, "bytes on disk", false, nativeBytes, tonboBytes));
    }

    @SuppressWarnings("unchecked")
    void queries(String db, List<Workload.Result> nativeResults, List<Workload.Result> tonboResults) {
        for (int i = 0; i < nativeResults.size(); i++) {
            lines.add(new Line(db, nativeResults.get(i).name(), true, nativeResults.get(i).seconds(), tonboResults.get(i).seconds()));
        }
        answers.put(db, new List[] {nativeResults, tonboResults});
    }

    void print(PrintStream out) {
        List<String> dbs = new ArrayList<>(answers.keySet());
        out.printf(Locale.ROOT, "%-24s", String.format(Locale.ROOT, "%,d rows", rows));
        for (String db : dbs) {
            out.printf(Locale.ROOT, " | %12s %12s %7s", db + " native", db + " tonbo", "ratio");
        }
        out.println();
        for (String metric : metrics()) {
            out.printf(Locale.ROOT, "%-24s", metric);
            for (String db : dbs) {
                Line l = find(db, metric);
                out.printf(Locale.ROOT, " | %12s %12s %6.2fx", format(l, l.nativeValue()), format(l, l.tonboValue()), l.ratio());
            }
            out.println();
        }
        out.println("ratio = native / tonbo: above 1, the tonbo table is faster (or smaller). Times are best of the"
                + " repetitions; ingest ends with the last durable COMMIT.");
    }

    /** Prints and checks: tonbo agrees with native in each database, and H2 with SQLite. */
    void checkAgreement(PrintStream out) {
        List<String> problems = new ArrayList<>();
        List<Workload.Result> first = null;
        for (Map.Entry<String, List<Workload.Result>[]> e : answers.entrySet()) {
            List<Workload.Result> nat = e.getValue()[0];
            List<Workload.Result> tonbo = e.getValue()[1];
            for (int i = 0; i < nat.size(); i++) {
                String d = Answers.difference(nat.get(i).answer(), tonbo.get(i).answer());
                if (d != null) {
                    problems.add(e.getKey() + " " + nat.get(i).name() + ": native and tonbo differ: " + d);
                }
                if (first != null) {
                    String x = Answers.difference(first.get(i).answer(), tonbo.get(i).answer());
                    if (x != null) {
                        problems.add(nat.get(i).name() + ": H2 and SQLite differ: " + x);
                    }
                }
            }
            first = first == null ? tonbo : first;
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the answers do not agree:\n  " + String.join("\n  ", problems));
        }
        out.println();
        out.println("All answers agree (native = tonbo in H2 and in SQLite, H2 = SQLite), e.g.:");
        for (Workload.Result r : first) {
            out.println("  " + r.name() + ": " + Answers.brief(r.answer()));
        }
    }

    void duckdb(List<Object> answer, double seconds, PrintStream out) {
        duckdbAnswer = answer;
        Workload.Result h2q6 = answers.values().iterator().next()[1].get(1);
        String d = Answers.difference(h2q6.answer(), List.of(answer));
        out.printf(Locale.ROOT, "DuckDB Q6 over the Parquet files: revenue %s in %.2f s (%s)%n",
                Answers.brief(List.of(answer)), seconds, d == null ? "the same as H2's answer" : "DIFFERS from H2's: " + d);
        if (d != null) {
            throw new IllegalStateException("DuckDB's Q6 differs from H2's: " + d);
        }
    }

    List<Object> duckdbAnswer() {
        return duckdbAnswer;
    }

    void writeCsv(Path file) throws IOException {
        StringBuilder b = new StringBuilder("# title: demo, tonbo tables vs native tables (" + String.format(Locale.ROOT, "%,d", rows) + " lineitem rows)\n"
                + "# machine: " + machine() + "\n"
                + "group,workload,unit,peer,tonbo,advantage,rows\n");
        for (Line l : lines) {
            b.append(String.format(Locale.ROOT, "%s,%s,%s,%.6f,%.6f,%.4f,%d%n", l.database(), l.metric(),
                    l.seconds() ? "s" : "bytes", l.nativeValue(), l.tonboValue(), l.ratio(), rows));
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, b);
    }

    private static String machine() {
        Runtime rt = Runtime.getRuntime();
        return String.format(Locale.ROOT, "%d cores, JDK %s, %s %s", rt.availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    private List<String> metrics() {
        List<String> m = new ArrayList<>();
        for (Line l : lines) {
            if (!m.contains(l.metric())) {
                m.add(l.metric());
            }
        }
        m.remove("bytes on disk");
        m.add("bytes on disk");
        return m;
    }

    private Line find(String db, String metric) {
        for (Line l : lines) {
            if (l.database().equals(db) && l.metric().equals(metric)) {
                return l;
            }
        }
        throw new IllegalStateException("no " + metric + " for " + db);
    }

    private static String format(Line l, double v) {
        if (!l.seconds()) {
            return v >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", v / (1 << 20))
                    : String.format(Locale.ROOT, "%.0f KiB", v / 1024);
        }
        return v >= 10 ? String.format(Locale.ROOT, "%.1f s", v) : String.format(Locale.ROOT, "%.0f ms", v * 1000);
    }
}
