package org.tonbo4j.bench.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a benchmark results CSV (see {@link org.tonbo4j.bench.BenchCsv}) into an SVG bar chart of
 * tonbo's advantage over its peer per workload: one horizontal bar per row on a logarithmic
 * scale centred on 1× (bars to the right: tonbo better, green; to the left: the peer better,
 * red), labelled with the ratio. The CSV needs the columns {@code workload} and
 * {@code advantage}; an optional {@code group} column prefixes the labels. Pure Java, no
 * dependencies; the output is deterministic for a given CSV.
 *
 * <p>Run: {@code scripts/bench-charts.sh} (every {@code docs/bench/data/*.csv} to
 * {@code docs/bench/charts/*.svg}), or {@code java -cp bench/target/classes
 * org.tonbo4j.bench.chart.RatioChart OUT_DIR FILE.csv...}.
 */
public final class RatioChart {
    private static final int PLOT_WIDTH = 440;
    private static final int BAR_HEIGHT = 18;
    private static final int ROW_HEIGHT = 26;
    private static final double MIN_RATIO = 1.0 / 32;
    private static final double MAX_RATIO = 32;

    private RatioChart() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: RatioChart OUT_DIR FILE.csv...");
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        for (int i = 1; i < args.length; i++) {
            Path csv = Path.of(args[i]);
            String name = csv.getFileName().toString().replaceFirst("\\.csv$", "") + ".svg";
            Files.writeString(out.resolve(name), svg(CsvTable.read(csv), csv));
            System.out.println(csv + " -> " + out.resolve(name));
        }
    }

    /** The chart of one results table. */
    static String svg(CsvTable t, Path source) {
        int w = t.column("workload");
        int a = t.column("advantage");
        int g = t.column("group");
        if (w < 0 || a < 0) {
            throw new IllegalArgumentException(source + ": needs the columns workload and advantage, has " + t.header);
        }
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (List<String> row : t.rows) {
            double r;
            try {
                r = Double.parseDouble(row.get(a));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": advantage '" + row.get(a) + "' is not a number", e);
            }
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new IllegalArgumentException(source + ": advantage must be a positive number, got " + row.get(a));
            }
            labels.add((g >= 0 && !row.get(g).isEmpty() ? row.get(g) + ": " : "") + row.get(w));
            ratios.add(r);
        }
        int longest = labels.stream().mapToInt(String::length).max().orElse(10);
        int labelWidth = Math.max(160, 16 + (int) Math.ceil(longest * 6.6)); // ~6.6 px per character at 12 px
        String title = t.comments.getOrDefault("title", source.getFileName().toString());
        int width = labelWidth + PLOT_WIDTH + 70;
        List<String> machine = wrap(t.comments.getOrDefault("machine", ""), (width - 20) / 6); // ~5.5 px per character at 10 px
        int top = 44 + 12 * machine.size();
        int height = top + ratios.size() * ROW_HEIGHT + 46;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(text(10, 20, "start", "font-size=\"15\" font-weight=\"bold\"", title));
        for (int i = 0; i < machine.size(); i++) {
            s.append(text(10, 36 + 12 * i, "start", "fill=\"#555\" font-size=\"10\"", machine.get(i)));
        }
        // grid: powers of two, 1x thicker
        for (double r = MIN_RATIO; r <= MAX_RATIO + 1e-9; r *= 2) {
            double x = x(r, labelWidth);
            boolean one = Math.abs(r - 1) < 1e-9;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"/>%n",
                    x, top - 6, x, top + ratios.size() * ROW_HEIGHT, one ? "#333" : "#ddd", one ? "1.5" : "1"));
            s.append(text(x, top + ratios.size() * ROW_HEIGHT + 16, "middle", "fill=\"#555\" font-size=\"10\"", tick(r)));
        }
        s.append(text(x(1, labelWidth), height - 10, "middle", "fill=\"#555\" font-size=\"10\"",
                "tonbo's advantage (log scale): right of 1× tonbo is better, left of it the peer"));
        for (int i = 0; i < ratios.size(); i++) {
            double r = Math.max(MIN_RATIO, Math.min(MAX_RATIO, ratios.get(i)));
            int y = top + i * ROW_HEIGHT;
            double x0 = Math.min(x(1, labelWidth), x(r, labelWidth));
            double x1 = Math.max(x(1, labelWidth), x(r, labelWidth));
            s.append(text(labelWidth - 8, y + BAR_HEIGHT - 5, "end", "", labels.get(i)));
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    x0, y, Math.max(1, x1 - x0), BAR_HEIGHT, ratios.get(i) >= 1 ? "#2e8b57" : "#c0392b"));
            boolean right = ratios.get(i) >= 1;
            s.append(text(right ? x1 + 4 : x0 - 4, y + BAR_HEIGHT - 5, right ? "start" : "end", "font-weight=\"bold\"",
                    ratio(ratios.get(i))));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** Splits a line at "; " into lines of at most about {@code width} characters. */
    static List<String> wrap(String line, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String part : line.split("; ")) {
            if (cur.length() > 0 && cur.length() + part.length() + 2 > width) {
                out.add(cur.toString());
                cur.setLength(0);
            }
            cur.append(cur.length() > 0 ? "; " : "").append(part);
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static double x(double ratio, int labelWidth) {
        double span = Math.log(MAX_RATIO) - Math.log(MIN_RATIO);
        return labelWidth + 20 + (Math.log(ratio) - Math.log(MIN_RATIO)) / span * (PLOT_WIDTH - 40);
    }

    private static String tick(double r) {
        return r >= 1 ? String.format(Locale.ROOT, "%.0f×", r) : "1/" + Math.round(1 / r) + "×";
    }

    static String ratio(double r) {
        return r >= 10 ? String.format(Locale.ROOT, "%.1f×", r) : String.format(Locale.ROOT, "%.2f×", r);
    }

    private static String text(double x, double y, String anchor, String attrs, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" %s>%s</text>%n", x, y, anchor, attrs,
                escape(content));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
