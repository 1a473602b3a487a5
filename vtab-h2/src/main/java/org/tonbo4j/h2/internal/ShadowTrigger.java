package org.tonbo4j.h2.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.h2.api.Trigger;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.table.Column;
import org.h2.table.Table;

/**
 * Row trigger that applies each insert, update and delete of a table to its tonbo mirror
 * ({@link Shadow}), in the same session and transaction, so a rollback undoes both. One
 * instance per trigger; H2 calls it from the writing session's thread.
 */
public final class ShadowTrigger implements Trigger {
    private String mirror;
    private int[] keyColumns;
    private int columnCount;
    private String[] names;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                     int type) throws SQLException {
        SessionLocal session = (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
        Table source = session.getDatabase().getSchema(schemaName).findTableOrView(session, tableName);
        Index pk = source.findPrimaryKey();
        if (pk == null) {
            throw new SQLException("tonbo shadow trigger: table " + tableName + " has no primary key any more");
        }
        Column[] keys = pk.getColumns();
        keyColumns = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keyColumns[i] = keys[i].getColumnId();
        }
        columnCount = source.getColumns().length;
        mirror = Shadow.quote(schemaName) + "." + Shadow.quote(tableName + Shadow.SUFFIX);
        names = new String[columnCount];
        for (int i = 0; i < columnCount; i++) {
            names[i] = Shadow.quote(source.getColumns()[i].getName());
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (oldRow != null) {
            StringBuilder sql = new StringBuilder("DELETE FROM ").append(mirror).append(" WHERE ");
            for (int i = 0; i < keyColumns.length; i++) {
                sql.append(i > 0 ? " AND " : "").append(names[keyColumns[i]]).append(" = ?");
            }
            try (PreparedStatement ps = conn.prepareStatement(sql.toString())) {
                for (int i = 0; i < keyColumns.length; i++) {
                    ps.setObject(i + 1, oldRow[keyColumns[i]]);
                }
                ps.executeUpdate();
            }
        }
        if (newRow != null) {
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(mirror).append(" VALUES (");
            for (int i = 0; i < columnCount; i++) {
                sql.append(i > 0 ? ", ?" : "?");
            }
            try (PreparedStatement ps = conn.prepareStatement(sql.append(')').toString())) {
                for (int i = 0; i < columnCount; i++) {
                    ps.setObject(i + 1, newRow[i]);
                }
                ps.executeUpdate();
            }
        }
    }
}
