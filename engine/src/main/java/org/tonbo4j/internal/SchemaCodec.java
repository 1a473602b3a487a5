package org.tonbo4j.internal;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * The text form of a schema stored in the manifest and in SST footers, e.g.
 * {@code "id" INT64 NOT NULL, "name" STRING; KEY "id"}. Column names are double-quoted with
 * {@code ""} for a quote inside. A column with a constant default ends in {@code DEFAULT literal}
 * (manifest format version 3; see {@link #literal}). Stateless.
 */
public final class SchemaCodec {
    private SchemaCodec() {
    }

    public static String toText(Schema schema) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < schema.columnCount(); i++) {
            Column c = schema.column(i);
            sb.append(i == 0 ? "" : ", ").append(quote(c.name())).append(' ').append(c.type());
            if (!c.nullable()) {
                sb.append(" NOT NULL");
            }
            Object d = c.defaultValue();
            if (d != null) {
                sb.append(" DEFAULT ").append(literal(c.type(), d));
            }
        }
        sb.append("; KEY ");
        for (int i = 0; i < schema.keyColumnCount(); i++) {
            sb.append(i == 0 ? "" : ", ").append(quote(schema.column(schema.keyIndex(i)).name()));
        }
        return sb.toString();
    }

    /** Parses {@link #toText}; throws IllegalArgumentException on malformed text. */
    public static Schema fromText(String text) {
        Parser p = new Parser(text);
        List<Column> cols = new ArrayList<>();
        List<String> key = new ArrayList<>();
        do {
            String name = p.name();
            String type = p.until(",;", true);
            String literal = null;
            int d = type.indexOf(" DEFAULT ");
            if (d >= 0) {
                literal = type.substring(d + 9).trim();
                type = type.substring(0, d);
            }
            boolean notNull = false;
            if (type.endsWith(" NOT NULL")) {
                notNull = true;
                type = type.substring(0, type.length() - 9);
            }
            ColumnType t = ColumnType.parse(type);
            Column c = Column.of(name, t, !notNull);
            cols.add(literal == null ? c : c.withDefault(parseLiteral(t, literal)));
        } while (p.accept(','));
        p.expect(';');
        p.skipSpaces();
        p.expectWord("KEY");
        do {
            key.add(p.name());
        } while (p.accept(','));
        p.end();
        return Schema.of(cols, key);
    }

    /**
     * The text of a constant: numbers and booleans as Java prints them, strings in single quotes
     * ({@code ''} for a quote inside), binaries as {@code X'hex'}, dates, timestamps and instants
     * in ISO-8601 ({@code 2024-01-31}, {@code 2024-01-31T10:00:00.000001}, {@code 2024-01-31T10:00:00Z}),
     * decimals as plain digits.
     */
    public static String literal(ColumnType type, Object v) {
        switch (type.kind()) {
            case STRING:
                return "'" + ((String) v).replace("'", "''") + "'";
            case BINARY: {
                StringBuilder sb = new StringBuilder("X'");
                for (byte b : (byte[]) v) {
                    sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
                }
                return sb.append('\'').toString();
            }
            case DECIMAL:
                return ((java.math.BigDecimal) v).toPlainString();
            default:
                return v.toString();
        }
    }

    /** Parses {@link #literal}; IllegalArgumentException if malformed. */
    public static Object parseLiteral(ColumnType type, String text) {
        try {
            switch (type.kind()) {
                case BOOLEAN:
                    if (!text.equals("true") && !text.equals("false")) {
                        throw new IllegalArgumentException("not a boolean");
                    }
                    return Boolean.valueOf(text);
                case INT8: return Byte.valueOf(text);
                case INT16: return Short.valueOf(text);
                case INT32: return Integer.valueOf(text);
                case INT64: return Long.valueOf(text);
                case FLOAT32: return Float.valueOf(text);
                case FLOAT64: return Double.valueOf(text);
                case STRING:
                    if (text.length() < 2 || text.charAt(0) != '\'' || text.charAt(text.length() - 1) != '\'') {
                        throw new IllegalArgumentException("not a quoted string");
                    }
                    return text.substring(1, text.length() - 1).replace("''", "'");
                case BINARY: {
                    if (!text.startsWith("X'") || !text.endsWith("'") || text.length() % 2 != 1) {
                        throw new IllegalArgumentException("not X'hex'");
                    }
                    byte[] b = new byte[(text.length() - 3) / 2];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (byte) Integer.parseInt(text.substring(2 + 2 * i, 4 + 2 * i), 16);
                    }
                    return b;
                }
                case DATE: return java.time.LocalDate.parse(text);
                case TIMESTAMP: return java.time.LocalDateTime.parse(text);
                case TIMESTAMP_TZ: return java.time.Instant.parse(text);
                case DECIMAL: return new java.math.BigDecimal(text).setScale(type.scale());
                default: throw new IllegalArgumentException("no literal form for " + type);
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad " + type + " default literal '" + text + "': " + e.getMessage(), e);
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        void skipSpaces() {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        String name() {
            skipSpaces();
            if (i >= s.length() || s.charAt(i) != '"') {
                throw bad("expected a quoted name");
            }
            StringBuilder sb = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw bad("unterminated name");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    if (i < s.length() && s.charAt(i) == '"') {
                        sb.append('"');
                        i++;
                    } else {
                        return sb.toString();
                    }
                } else {
                    sb.append(c);
                }
            }
        }

        /** Text up to (not including) one of the stop characters outside parentheses. */
        String until(String stops, boolean trim) {
            int start = i;
            int depth = 0;
            boolean quoted = false;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\'') {
                    quoted = !quoted; // '' inside a literal toggles twice
                } else if (quoted) {
                    i++;
                    continue;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (depth == 0 && stops.indexOf(c) >= 0) {
                    break;
                }
                i++;
            }
            String t = s.substring(start, i);
            return trim ? t.trim() : t;
        }

        boolean accept(char c) {
            skipSpaces();
            if (i < s.length() && s.charAt(i) == c) {
                i++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw bad("expected '" + c + "'");
            }
        }

        void expectWord(String w) {
            if (!s.startsWith(w, i)) {
                throw bad("expected " + w);
            }
            i += w.length();
        }

        void end() {
            skipSpaces();
            if (i != s.length()) {
                throw bad("unexpected text");
            }
        }

        IllegalArgumentException bad(String what) {
            return new IllegalArgumentException("malformed schema text at " + i + " (" + what + "): " + s);
        }
    }
}
