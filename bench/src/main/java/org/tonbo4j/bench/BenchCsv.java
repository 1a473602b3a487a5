package org.tonbo4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark's results as CSV, the input of the chart generator
 * ({@link org.tonbo4j.bench.chart.RatioChart}, {@code scripts/bench-charts.sh}). Layout: comment
 * lines {@code # title: ...} and {@code # machine: ...}, then the header
 * {@code group,workload,unit,tonbo,peer,advantage} and one line per workload; {@code advantage}
 * is tonbo's advantage over the peer (above 1: tonbo better — faster, more per second, or fewer
 * bytes). Fields holding commas or quotes are quoted. Not thread-safe.
 */
public final class BenchCsv {
    private final String title;
    private final List<String> lines = new ArrayList<>();

    public BenchCsv(String title) {
        this.title = title;
    }

    /**
     * Adds one workload; {@code higherIsBetter} says whether a larger value is better (rates) or
     * a smaller one (times, bytes), which orients the advantage.
     */
    public BenchCsv add(String group, String workload, String unit, double tonbo, double peer, boolean higherIsBetter) {
        double advantage = higherIsBetter ? tonbo / peer : peer / tonbo;
        lines.add(String.join(",", quote(group), quote(workload), quote(unit), num(tonbo), num(peer), num(advantage)));
        return this;
    }

    public void write(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# title: ").append(title).append('\n');
        String machine = MachineInfo.describe(file.toAbsolutePath().getParent()).strip().replaceAll("(^|\n)- ", "$1")
                .replace("\n", "; ");
        b.append("# machine: ").append(machine).append('\n');
        b.append("group,workload,unit,tonbo,peer,advantage\n");
        for (String l : lines) {
            b.append(l).append('\n');
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, b);
        System.out.println("results written to " + file);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
