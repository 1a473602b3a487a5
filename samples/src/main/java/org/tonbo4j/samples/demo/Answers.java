package org.tonbo4j.samples.demo;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Compares query answers across tables and databases. Numbers compare by value with a relative
 * tolerance of 1e-9 (H2 sums DECIMALs exactly, SQLite sums REALs in binary floating point);
 * everything else compares by its text (a {@code CHAR(1)} and a {@code TEXT} of one letter agree).
 */
final class Answers {
    private Answers() {
    }

    /** Null when the answers agree, else a description of the first difference. */
    static String difference(List<List<Object>> a, List<List<Object>> b) {
        if (a.size() != b.size()) {
            return "row counts differ: " + a.size() + " vs " + b.size();
        }
        for (int i = 0; i < a.size(); i++) {
            List<Object> x = a.get(i);
            List<Object> y = b.get(i);
            if (x.size() != y.size()) {
                return "row " + i + " has " + x.size() + " vs " + y.size() + " columns";
            }
            for (int j = 0; j < x.size(); j++) {
                if (!same(x.get(j), y.get(j))) {
                    return "row " + i + ", column " + (j + 1) + ": " + x.get(j) + " vs " + y.get(j);
                }
            }
        }
        return null;
    }

    private static boolean same(Object x, Object y) {
        if (x == null || y == null) {
            return x == y;
        }
        if (x instanceof Number && y instanceof Number) {
            double a = new BigDecimal(x.toString()).doubleValue();
            double b = new BigDecimal(y.toString()).doubleValue();
            return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
        }
        return Objects.equals(x.toString().strip(), y.toString().strip());
    }

    /** A short rendering of an answer for the console. */
    static String brief(List<List<Object>> answer) {
        StringBuilder b = new StringBuilder();
        for (List<Object> row : answer) {
            if (b.length() > 0) {
                b.append("; ");
            }
            for (int j = 0; j < row.size(); j++) {
                Object v = row.get(j);
                b.append(j > 0 ? " " : "").append(v instanceof Number n ? round(n) : String.valueOf(v));
            }
        }
        return b.toString();
    }

    private static String round(Number n) {
        BigDecimal d = new BigDecimal(n.toString());
        return d.scale() > 2 ? d.setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString() : d.toPlainString();
    }
}
