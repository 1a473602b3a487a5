package org.tonbo4j.sqlite.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * Parses the {@code create_sql} argument — {@code CREATE TABLE name (col type [PRIMARY KEY]
 * [NOT NULL | NULL], ..., [PRIMARY KEY (a, b)])} — into an engine {@link Schema}, and renders
 * the declaration handed to {@code sqlite3_declare_vtab}. Anything else (DEFAULT, CHECK,
 * REFERENCES, UNIQUE, no primary key) is a {@link SqlError} naming it. Stateless.
 */
final class CreateSql {
    private final List<String> tokens;
    private int pos;
    /** Each column's type as declared, by column name. */
    private final java.util.Map<String, String> declaredTypes = new java.util.HashMap<>();

    private CreateSql(String sql) {
        this.tokens = tokenize(sql);
    }

    /** Parses create_sql into a schema; errors name the offending part. */
    static Schema parse(String sql) {
        return new CreateSql(sql).table();
    }

    /**
     * A parsed create_sql: the schema, and whether its key is one column declared exactly
     * {@code INTEGER}, which SQLite makes an alias of the rowid (numbered by SQLite when an
     * INSERT leaves it out; see {@link KeyAllocator}).
     */
    record Parsed(Schema schema, boolean rowidAlias) {
    }

    static Parsed parseDeclared(String sql) {
        CreateSql p = new CreateSql(sql);
        Schema s = p.table();
        boolean alias = s.keyColumnCount() == 1
                && "INTEGER".equalsIgnoreCase(p.declaredTypes.get(s.column(s.keyIndex(0)).name()));
        return new Parsed(s, alias);
    }

    /**
     * The CREATE TABLE statement for sqlite3_declare_vtab, with canonical types. A one-column key
     * makes a WITHOUT ROWID table (SQLite then addresses rows by the key); SQLite writes WITHOUT
     * ROWID virtual tables only through a one-column key, so a composite key makes a rowid table
     * whose rowids the extension maps to keys.
     */
    static String declaration(Schema schema) {
        StringBuilder sb = new StringBuilder("CREATE TABLE x(");
        for (int i = 0; i < schema.columnCount(); i++) {
            Column c = schema.column(i);
            sb.append(i == 0 ? "" : ", ").append(quote(c.name())).append(' ').append(SqlType.declared(c.type()));
            if (!c.nullable()) {
                sb.append(" NOT NULL");
            }
        }
        if (schema.keyColumnCount() > 1) {
            return sb.append(')').toString();
        }
        return sb.append(", PRIMARY KEY(").append(quote(schema.column(schema.keyIndex(0)).name())).append(")) WITHOUT ROWID").toString();
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private Schema table() {
        expectWord("CREATE");
        expectWord("TABLE");
        if (peekWord("IF")) {
            throw new SqlError("create_sql: IF NOT EXISTS is not supported (the virtual table's own CREATE decides)");
        }
        identifier("table name");
        if (peek(".")) {
            next();
            identifier("table name");
        }
        expect("(");
        List<Column> columns = new ArrayList<>();
        Set<String> key = new LinkedHashSet<>();
        boolean tableKey = false;
        while (true) {
            if (peekWord("PRIMARY")) {
                next();
                expectWord("KEY");
                if (!key.isEmpty()) {
                    throw new SqlError("create_sql: more than one PRIMARY KEY");
                }
                expect("(");
                do {
                    String k = identifier("primary key column");
                    if (!key.add(k)) {
                        throw new SqlError("create_sql: column " + k + " repeated in PRIMARY KEY");
                    }
                } while (accept(","));
                expect(")");
                tableKey = true;
            } else if (peekWord("CONSTRAINT") || peekWord("UNIQUE") || peekWord("CHECK") || peekWord("FOREIGN")) {
                throw new SqlError("create_sql: table constraint " + tokens.get(pos).toUpperCase(Locale.ROOT) + " is not supported");
            } else {
                columns.add(column(key, tableKey));
            }
            if (accept(")")) {
                break;
            }
            expect(",");
        }
        if (pos < tokens.size() && !(peek(";") && pos == tokens.size() - 1)) {
            throw new SqlError("create_sql: unexpected '" + tokens.get(pos) + "' after the column list");
        }
        if (key.isEmpty()) {
            throw new SqlError("create_sql: a tonbo table needs a PRIMARY KEY");
        }
        for (String k : key) {
            if (columns.stream().noneMatch(c -> c.name().equals(k))) {
                throw new SqlError("create_sql: PRIMARY KEY column " + k + " is not a column");
            }
        }
        try {
            return Schema.of(columns, List.copyOf(key));
        } catch (IllegalArgumentException e) {
            throw new SqlError("create_sql: " + e.getMessage());
        }
    }

    private Column column(Set<String> key, boolean tableKey) {
        String name = identifier("column name");
        StringBuilder type = new StringBuilder();
        while (pos < tokens.size() && isTypeWord(tokens.get(pos))) {
            type.append(type.length() == 0 ? "" : " ").append(next());
        }
        if (accept("(")) {
            type.append('(');
            while (!peek(")")) {
                if (pos >= tokens.size()) {
                    throw new SqlError("create_sql: unclosed type of column " + name);
                }
                type.append(next());
            }
            next();
            type.append(')');
        }
        if (type.length() == 0) {
            throw new SqlError("create_sql: column " + name + " needs a type");
        }
        ColumnType ct = SqlType.parse(name, type.toString());
        declaredTypes.put(name, type.toString());
        boolean nullable = true;
        while (!peek(",") && !peek(")")) {
            if (pos >= tokens.size()) {
                throw new SqlError("create_sql: unclosed column list");
            }
            if (acceptWord("PRIMARY")) {
                expectWord("KEY");
                if (tableKey || !key.isEmpty()) {
                    throw new SqlError("create_sql: more than one PRIMARY KEY");
                }
                key.add(name);
                nullable = false;
            } else if (acceptWord("NOT")) {
                expectWord("NULL");
                nullable = false;
            } else if (acceptWord("NULL")) {
                nullable = true;
            } else {
                throw new SqlError("create_sql: column " + name + ": '" + tokens.get(pos) + "' is not supported"
                        + " (only PRIMARY KEY, NOT NULL and NULL)");
            }
        }
        return Column.of(name, ct, nullable);
    }

    private static boolean isTypeWord(String t) {
        String u = t.toUpperCase(Locale.ROOT);
        return Character.isLetter(t.charAt(0)) && !u.equals("PRIMARY") && !u.equals("NOT") && !u.equals("NULL")
                && !u.equals("DEFAULT") && !u.equals("UNIQUE") && !u.equals("CHECK") && !u.equals("REFERENCES")
                && !u.equals("CONSTRAINT") && !u.equals("COLLATE") && !u.equals("GENERATED");
    }

    private String identifier(String what) {
        if (pos >= tokens.size()) {
            throw new SqlError("create_sql: expected " + what + " at the end");
        }
        String t = tokens.get(pos++);
        char c = t.charAt(0);
        if (c == '"' || c == '`' || c == '[') {
            return t.substring(1, t.length() - 1).replace(c == '[' ? "]]" : "" + c + c, c == '[' ? "]" : "" + c);
        }
        if (!Character.isLetter(c) && c != '_') {
            throw new SqlError("create_sql: expected " + what + ", got '" + t + "'");
        }
        return t;
    }

    private String next() {
        return tokens.get(pos++);
    }

    private boolean peek(String t) {
        return pos < tokens.size() && tokens.get(pos).equals(t);
    }

    private boolean peekWord(String w) {
        return pos < tokens.size() && tokens.get(pos).equalsIgnoreCase(w);
    }

    private boolean accept(String t) {
        if (peek(t)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptWord(String w) {
        if (peekWord(w)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(String t) {
        if (!accept(t)) {
            throw new SqlError("create_sql: expected '" + t + "' " + (pos < tokens.size() ? "before '" + tokens.get(pos) + "'" : "at the end"));
        }
    }

    private void expectWord(String w) {
        if (!acceptWord(w)) {
            throw new SqlError("create_sql: expected " + w + (pos < tokens.size() ? " before '" + tokens.get(pos) + "'" : " at the end"));
        }
    }

    private static List<String> tokenize(String sql) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw new SqlError("create_sql: unclosed quoted name at offset " + i);
                    }
                    if (sql.charAt(j) == close) {
                        if (j + 1 < n && sql.charAt(j + 1) == close && close != ']') {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(sql.substring(i, j + 1));
                i = j + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
                    j++;
                }
                out.add(sql.substring(i, j));
                i = j;
            } else if ("(),;.".indexOf(c) >= 0) {
                out.add(String.valueOf(c));
                i++;
            } else {
                throw new SqlError("create_sql: unexpected character '" + c + "' at offset " + i);
            }
        }
        return out;
    }
}
