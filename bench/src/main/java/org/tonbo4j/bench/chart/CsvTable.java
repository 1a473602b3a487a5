package org.tonbo4j.bench.chart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed results CSV: {@code # key: value} comment lines, a header line, then rows; fields may
 * be double-quoted ({@code ""} inside quotes is a quote). Immutable once read.
 */
final class CsvTable {
    final Map<String, String> comments = new HashMap<>();
    final List<String> header;
    final List<List<String>> rows = new ArrayList<>();

    private CsvTable(List<String> header) {
        this.header = header;
    }

    static CsvTable read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        Map<String, String> comments = new HashMap<>();
        CsvTable table = null;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    comments.put(line.substring(1, colon).trim(), line.substring(colon + 1).trim());
                }
                continue;
            }
            List<String> fields = split(line, file, n + 1);
            if (table == null) {
                table = new CsvTable(fields);
            } else if (fields.size() != table.header.size()) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + fields.size() + " fields, the header has "
                        + table.header.size());
            } else {
                table.rows.add(fields);
            }
        }
        if (table == null) {
            throw new IllegalArgumentException(file + ": no header line");
        }
        table.comments.putAll(comments);
        return table;
    }

    /** The index of a column, or -1. */
    int column(String name) {
        return header.indexOf(name);
    }

    static List<String> split(String line, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(file + " line " + lineNo + ": unterminated quote");
        }
        out.add(cur.toString());
        return out;
    }
}
