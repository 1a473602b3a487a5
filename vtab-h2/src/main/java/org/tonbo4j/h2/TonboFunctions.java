package org.tonbo4j.h2;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.message.DbException;
import org.h2.table.Table;
import org.tonbo4j.h2.internal.H2Table;
import org.tonbo4j.h2.internal.Shadow;

/**
 * SQL functions for tonbo tables, registered once per database with
 * {@code CREATE ALIAS IF NOT EXISTS TONBO_FLUSH FOR "org.tonbo4j.h2.TonboFunctions.flush"} and
 * so on (see docs/h2.md). Stateless and thread-safe.
 */
public final class TonboFunctions {
    private TonboFunctions() {
    }

    /** Writes the table's memtable to a Parquet file. */
    public static void flush(Connection conn, String table) throws SQLException {
        tonboTable(conn, table).engineTable().flush();
    }

    /** Flushes and compacts all of the table's files into one level. */
    public static void compact(Connection conn, String table) throws SQLException {
        tonboTable(conn, table).engineTable().compact();
    }

    /**
     * Creates the tonbo table {@code <table>_TONBO} mirroring an ordinary H2 table, copies its rows
     * and installs triggers that keep it in sync. Returns the mirror's name.
     */
    public static String shadow(Connection conn, String table) throws SQLException {
        return Shadow.create(conn, table);
    }

    static H2Table tonboTable(Connection conn, String name) throws SQLException {
        Table t = find(conn, name);
        if (!(t instanceof H2Table)) {
            throw DbException.get(org.h2.api.ErrorCode.GENERAL_ERROR_1, "table " + name + " is not a tonbo table")
                    .getSQLException();
        }
        return (H2Table) t;
    }

    /**
     * The table named {@code name}: {@code TABLE} in the current schema or {@code SCHEMA.TABLE},
     * each part as written or, when not found so, upper-cased as H2 stores unquoted names.
     */
    private static Table find(Connection conn, String name) throws SQLException {
        if (name == null || name.isBlank()) {
            throw DbException.get(org.h2.api.ErrorCode.INVALID_VALUE_2, "table name", String.valueOf(name))
                    .getSQLException();
        }
        SessionLocal session = (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
        String schemaName = session.getCurrentSchemaName();
        String tableName = name;
        int dot = name.indexOf('.');
        if (dot > 0 && dot < name.length() - 1) {
            schemaName = name.substring(0, dot);
            tableName = name.substring(dot + 1);
        }
        org.h2.schema.Schema schema = session.getDatabase().findSchema(schemaName);
        if (schema == null) {
            schema = session.getDatabase().findSchema(schemaName.toUpperCase(java.util.Locale.ROOT));
        }
        Table t = schema == null ? null : schema.findTableOrView(session, tableName);
        if (t == null && schema != null) {
            t = schema.findTableOrView(session, tableName.toUpperCase(java.util.Locale.ROOT));
        }
        if (t == null && dot > 0) { // a table whose own name holds a dot
            t = session.getDatabase().getSchema(session.getCurrentSchemaName()).findTableOrView(session, name);
        }
        if (t == null) {
            throw DbException.get(org.h2.api.ErrorCode.TABLE_OR_VIEW_NOT_FOUND_1, name).getSQLException();
        }
        return t;
    }
}
