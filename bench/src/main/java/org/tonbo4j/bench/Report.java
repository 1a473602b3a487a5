package org.tonbo4j.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the measurements of every repetition and prints the results table: best value per
 * engine and metric, the ratio tonbo/rocksdb and whether it meets the goal. Failures are kept
 * with their message and shown in place of numbers. Not thread-safe.
 */
final class Report {
    private final Map<String, Map<Metric, List<Double>>> values = new LinkedHashMap<>();
    private final Map<String, Map<Metric, String>> failures = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    void add(String engine, Metric m, double value) {
        values.computeIfAbsent(engine, e -> new EnumMap<>(Metric.class)).computeIfAbsent(m, x -> new ArrayList<>()).add(value);
    }

    void fail(String engine, Metric m, String message) {
        failures.computeIfAbsent(engine, e -> new EnumMap<>(Metric.class)).putIfAbsent(m, message);
    }

    void note(String line) {
        notes.add(line);
    }

    List<Double> all(String engine, Metric m) {
        return values.getOrDefault(engine, Map.of()).getOrDefault(m, List.of());
    }

    /** The best value, or NaN if there is none. */
    double best(String engine, Metric m) {
        double best = Double.NaN;
        for (double v : all(engine, m)) {
            best = Double.isNaN(best) ? v : m.best(best, v);
        }
        return best;
    }

    /** The results as a Markdown table, then the notes. */
    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| workload | unit | tonbo | rocksdb | tonbo/rocksdb | goal | met | ratio per rep |\n");
        sb.append("|---|---|---:|---:|---:|---:|---|---|\n");
        for (Metric m : Metric.values()) {
            double t = best("tonbo", m);
            double r = best("rocksdb", m.rocksPeer());
            String tf = failures.getOrDefault("tonbo", Map.of()).get(m);
            String rf = failures.getOrDefault("rocksdb", Map.of()).get(m.rocksPeer());
            if (Double.isNaN(t) && Double.isNaN(r) && tf == null && rf == null) {
                continue;
            }
            double ratio = t / r;
            String goal = Double.isNaN(m.goal) ? "" : (m.higherIsBetter ? "≥ " : "≤ ") + fmtRatio(m.goal);
            String met = Double.isNaN(m.goal) || Double.isNaN(ratio) ? "" : m.met(ratio) ? "yes" : "**no**";
            sb.append("| ").append(m.label).append(" | ").append(m.unit)
                    .append(" | ").append(tf != null ? "FAILED" : fmt(t, m))
                    .append(" | ").append(rf != null ? "FAILED" : fmt(r, m))
                    .append(" | ").append(Double.isNaN(ratio) ? "" : fmtRatio(ratio))
                    .append(" | ").append(goal).append(" | ").append(met)
                    .append(" | ").append(perRep(all("tonbo", m), all("rocksdb", m.rocksPeer()))).append(" |\n");
        }
        for (Map.Entry<String, Map<Metric, String>> e : failures.entrySet()) {
            for (Map.Entry<Metric, String> f : e.getValue().entrySet()) {
                sb.append("\nFAILED ").append(e.getKey()).append(" ").append(f.getKey().label).append(": ").append(f.getValue());
            }
        }
        for (String n : notes) {
            sb.append('\n').append(n);
        }
        return sb.toString();
    }

    /** The best values as CSV rows (tonbo against RocksDB), for the charts. */
    BenchCsv csv(String title) {
        BenchCsv csv = new BenchCsv(title);
        for (Metric m : Metric.values()) {
            double t = best("tonbo", m);
            double r = best("rocksdb", m.rocksPeer());
            if (!Double.isNaN(t) && !Double.isNaN(r)) {
                csv.add("", m.label, m.unit, t, r, m.higherIsBetter);
            }
        }
        return csv;
    }

    /** Ratios of the same repetition's values (the engines ran back to back), when both have every rep. */
    private static String perRep(List<Double> tonbo, List<Double> rocks) {
        if (tonbo.size() != rocks.size() || tonbo.size() < 2) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tonbo.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(fmtRatio(tonbo.get(i) / rocks.get(i)));
        }
        return sb.toString();
    }

    /** Every repetition's values, one line per engine and metric. */
    String raw() {
        StringBuilder sb = new StringBuilder();
        values.forEach((engine, byMetric) -> byMetric.forEach((m, vs) -> {
            sb.append(String.format(Locale.ROOT, "  %-8s %-55s", engine, m.label));
            vs.forEach(v -> sb.append(' ').append(fmt(v, m)));
            sb.append('\n');
        }));
        return sb.toString();
    }

    static String fmt(double v, Metric m) {
        if (Double.isNaN(v)) {
            return "";
        }
        switch (m.unit) {
            case "s": return String.format(Locale.ROOT, "%.2f", v);
            case "bytes": return String.format(Locale.ROOT, "%,.0f", v);
            default: return String.format(Locale.ROOT, "%,.0f", v);
        }
    }

    static String fmtRatio(double r) {
        return r >= 10 ? String.format(Locale.ROOT, "%.1f", r) : String.format(Locale.ROOT, "%.2f", r);
    }
}
