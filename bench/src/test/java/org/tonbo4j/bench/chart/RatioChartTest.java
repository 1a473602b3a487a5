package org.tonbo4j.bench.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.bench.BenchCsv;

/** The CSV written by {@link BenchCsv} turns into a chart with one labelled bar per workload, oriented by the advantage. */
class RatioChartTest {
    @Test
    void barsFollowTheCsv(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("sample.csv");
        new BenchCsv("tonbo vs peer, 3 workloads")
                .add("", "scan, all columns", "rows/s", 9_000_000, 3_000_000, true)   // 3x better
                .add("", "point <gets>", "s", 2.0, 1.0, false)                       // 0.5x
                .add("db", "bytes on disk", "bytes", 25, 100, false)                 // 4x
                .write(csv);
        RatioChart.main(new String[] {dir.resolve("charts").toString(), csv.toString()});
        String svg = Files.readString(dir.resolve("charts/sample.svg"));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), svg);
        assertTrue(svg.contains(">tonbo vs peer, 3 workloads</text>"), svg);
        assertTrue(svg.contains(">scan, all columns</text>"), "a quoted label with a comma survives: " + svg);
        assertTrue(svg.contains(">point &lt;gets&gt;</text>"), "labels are escaped: " + svg);
        assertTrue(svg.contains(">db: bytes on disk</text>"), "the group prefixes the label: " + svg);
        assertTrue(svg.contains(">3.00×</text>") && svg.contains(">0.50×</text>") && svg.contains(">4.00×</text>"), svg);
        Matcher bars = Pattern.compile("<rect x=\"[0-9.]+\" y=\"[0-9]+\" width=\"([0-9.]+)\" height=\"18\" fill=\"(#[0-9a-f]+)\"/>")
                .matcher(svg);
        double[] widths = new double[3];
        String[] colors = new String[3];
        int n = 0;
        while (bars.find()) {
            widths[n] = Double.parseDouble(bars.group(1));
            colors[n++] = bars.group(2);
        }
        assertEquals(3, n);
        assertEquals("#2e8b57", colors[0]);
        assertEquals("#c0392b", colors[1]);
        // log scale: 4x is twice as long as 2x would be; 0.5x as long as 2x; so 4x = 2 * (0.5x bar)
        assertEquals(widths[2], 2 * widths[1], 0.2);
        assertTrue(widths[0] > widths[1] && widths[0] < widths[2]);
    }

    @Test
    void badCsvIsNamed(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "workload,advantage\nscan,fast\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RatioChart.main(new String[] {dir.toString(), csv.toString()}));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("'fast'"), e.getMessage());
        Files.writeString(csv, "name,value\nscan,1\n");
        e = assertThrows(IllegalArgumentException.class, () -> RatioChart.main(new String[] {dir.toString(), csv.toString()}));
        assertTrue(e.getMessage().contains("workload and advantage"), e.getMessage());
        Files.writeString(csv, "workload,advantage\n\"scan,1\n");
        e = assertThrows(IllegalArgumentException.class, () -> RatioChart.main(new String[] {dir.toString(), csv.toString()}));
        assertTrue(e.getMessage().contains("unterminated quote"), e.getMessage());
    }
}
