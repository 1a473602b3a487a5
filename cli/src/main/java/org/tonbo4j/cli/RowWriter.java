package org.tonbo4j.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.tonbo4j.Column;
import org.tonbo4j.Schema;

/**
 * Writes rows as an aligned text table, CSV (RFC 4180, header line) or JSON Lines (one object per
 * row). Binary values are Base64; dates and timestamps ISO-8601; NULL is empty in CSV, null in
 * JSON. A table is buffered to align its columns; CSV and JSON stream. Not thread-safe.
 */
final class RowWriter {
    enum Format { TABLE, CSV, JSON, ARROW }

    private final PrintWriter out;
    private final Format format;
    private final List<Column> columns;
    private final List<String[]> buffered = new ArrayList<>();

    RowWriter(PrintWriter out, Format format, Schema schema, List<String> only) {
        this.out = out;
        this.format = format;
        this.columns = new ArrayList<>();
        for (Column c : schema.columns()) {
            if (only == null || only.contains(c.name()) || schema.isKeyColumn(schema.requireIndex(c.name()))) {
                columns.add(c);
            }
        }
        if (format == Format.CSV) {
            List<String> names = new ArrayList<>();
            columns.forEach(c -> names.add(csv(c.name())));
            out.println(String.join(",", names));
        }
    }

    void write(Schema schema, Object[] values) {
        String[] cells = new String[columns.size()];
        for (int i = 0; i < cells.length; i++) {
            Object v = values[schema.requireIndex(columns.get(i).name())];
            cells[i] = v == null ? null : v instanceof byte[] ? Base64.getEncoder().encodeToString((byte[]) v) : v.toString();
        }
        switch (format) {
            case TABLE: buffered.add(cells); break;
            case CSV: {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < cells.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(cells[i] == null ? "" : csv(cells[i]));
                }
                out.println(sb);
                break;
            }
            case JSON: {
                StringBuilder sb = new StringBuilder("{");
                for (int i = 0; i < cells.length; i++) {
                    sb.append(i == 0 ? "" : ",").append(json(columns.get(i).name())).append(':');
                    Object v = values[schema.requireIndex(columns.get(i).name())];
                    sb.append(v == null ? "null" : v instanceof Number && isFinite(v) || v instanceof Boolean ? cells[i] : json(cells[i]));
                }
                out.println(sb.append('}'));
                break;
            }
            default: throw new AssertionError(format);
        }
    }

    /** Writes what was buffered (the aligned table) and a row count. */
    void finish(long rows) {
        if (format == Format.TABLE) {
            int[] width = new int[columns.size()];
            for (int i = 0; i < width.length; i++) {
                width[i] = columns.get(i).name().length();
                for (String[] r : buffered) {
                    width[i] = Math.max(width[i], r[i] == null ? 4 : r[i].length());
                }
            }
            StringBuilder head = new StringBuilder();
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                head.append(i == 0 ? "" : " | ").append(pad(columns.get(i).name(), width[i]));
                rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
            }
            out.println(head);
            out.println(rule);
            for (String[] r : buffered) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < width.length; i++) {
                    line.append(i == 0 ? "" : " | ").append(pad(r[i] == null ? "NULL" : r[i], width[i]));
                }
                out.println(line);
            }
            out.println("(" + rows + (rows == 1 ? " row)" : " rows)"));
        }
        out.flush();
    }

    private static boolean isFinite(Object v) {
        return !(v instanceof Double && !Double.isFinite((Double) v)) && !(v instanceof Float && !Float.isFinite((Float) v));
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    static String json(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
