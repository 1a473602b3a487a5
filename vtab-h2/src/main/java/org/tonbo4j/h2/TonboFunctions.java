package org.tonbo4j.h2;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.message.DbException;
import org.h2.table.Table;
import org.tonbo4j.h2.internal.H2Table;
import org.tonbo4j.h2.internal.Shadow;
import org.tonbo4j.h2.internal.TableNames;

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

    private static Table find(Connection conn, String name) throws SQLException {
        return TableNames.find((SessionLocal) conn.unwrap(JdbcConnection.class).getSession(), name);
    }
}
