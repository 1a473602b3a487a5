package org.tonbo4j.internal;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * The text form of a schema stored in the manifest and in SST footers, e.g.
 * {@code "id" INT64 NOT NULL, "name" STRING; KEY "id"}. Column names are double-quoted with
 * {@code ""} for a quote inside. Stateless.
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
            boolean notNull = false;
            if (type.endsWith(" NOT NULL")) {
                notNull = true;
                type = type.substring(0, type.length() - 9);
            }
            cols.add(Column.of(name, ColumnType.parse(type), !notNull));
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
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '(') {
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
