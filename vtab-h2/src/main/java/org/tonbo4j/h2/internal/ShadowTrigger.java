package org.tonbo4j.h2.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.h2.api.Trigger;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.schema.Schema;
import org.h2.table.Column;
import org.h2.table.Table;

/**
 * Row trigger that applies each insert, update and delete of a table to its tonbo mirror
 * ({@link Shadow}), in the same session and transaction, so a rollback undoes both. The
 * mirror's name comes from the trigger's name ({@code <mirror>_INSERT}, {@code _UPDATE},
 * {@code _DELETE}), so it survives H2 rebuilding the source table for an ALTER (which
 * re-creates the triggers on a temporary copy) and renames of the source.
 *
 * <p>Inserts and updates that keep the key are written to the mirror as MERGE (so a mirror
 * that missed a TRUNCATE of the source, which fires no triggers, converges instead of refusing
 * the insert). An update that changes a key deletes the mirror's row at the old key only if no
 * row of the source holds that key now: {@code UPDATE t SET id = id + 1} moves every key onto
 * the next one, and H2 fires the row triggers after the whole statement, so deleting blindly
 * would remove rows other triggers had just written. Only the source's columns that the mirror
 * has are written. One instance per trigger;
 * H2 calls it from the writing session's thread.
 */
public final class ShadowTrigger implements Trigger {
    private String mirror;
    private int[] keyColumns;
    /** Source column positions written to the mirror, and their quoted names. */
    private int[] written;
    private String[] names;
    private String deleteSql;
    /** Whether the source holds a key (after a statement moved keys onto each other). */
    private String sourceHasSql;
    private String mergeSql;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                     int type) throws SQLException {
        SessionLocal session = (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
        String mirrorName = mirrorOf(triggerName);
        Schema schema = session.getDatabase().getSchema(schemaName);
        mirror = Shadow.quote(schemaName) + "." + Shadow.quote(mirrorName);
        Table source = schema.findTableOrView(session, tableName);
        Table target = schema.findTableOrView(session, mirrorName);
        if (source == null || target == null) {
            throw new SQLException("tonbo shadow trigger " + triggerName + ": table " + (source == null ? tableName
                    : mirrorName) + " not found");
        }
        Index pk = source.findPrimaryKey();
        if (pk == null) {
            throw new SQLException("tonbo shadow trigger: table " + tableName + " has no primary key any more");
        }
        Column[] keys = pk.getColumns();
        keyColumns = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            keyColumns[i] = keys[i].getColumnId();
        }
        Column[] columns = source.getColumns();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            if (target.doesColumnExist(columns[i].getName())) {
                kept.add(i);
            }
        }
        written = kept.stream().mapToInt(Integer::intValue).toArray();
        names = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            names[i] = Shadow.quote(columns[i].getName());
        }
        StringBuilder del = new StringBuilder("DELETE FROM ").append(mirror).append(" WHERE ");
        StringBuilder keyList = new StringBuilder();
        for (int i = 0; i < keyColumns.length; i++) {
            del.append(i > 0 ? " AND " : "").append(names[keyColumns[i]]).append(" = ?");
            keyList.append(i > 0 ? ", " : "").append(names[keyColumns[i]]);
        }
        deleteSql = del.toString();
        sourceHasSql = "SELECT 1 FROM " + Shadow.quote(schemaName) + "." + Shadow.quote(tableName)
                + del.substring(("DELETE FROM " + mirror).length());
        StringBuilder merge = new StringBuilder("MERGE INTO ").append(mirror).append('(');
        for (int i = 0; i < written.length; i++) {
            merge.append(i > 0 ? ", " : "").append(names[written[i]]);
        }
        merge.append(") KEY(").append(keyList).append(") VALUES (");
        for (int i = 0; i < written.length; i++) {
            merge.append(i > 0 ? ", ?" : "?");
        }
        mergeSql = merge.append(')').toString();
    }

    /** The mirror a trigger belongs to: its name without the role suffix. */
    static String mirrorOf(String triggerName) {
        for (String suffix : new String[] {"_INSERT", "_UPDATE", "_DELETE"}) {
            if (triggerName.endsWith(suffix)) {
                return triggerName.substring(0, triggerName.length() - suffix.length());
            }
        }
        return triggerName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        if (oldRow != null && newRow != null && !sameKey(oldRow, newRow)) {
            // H2 fires these after the statement changed every row: if another row took the old
            // key, its own MERGE writes the mirror's row there, which must not be deleted
            if (!sourceHas(conn, oldRow)) {
                delete(conn, oldRow);
            }
            merge(conn, newRow);
        } else if (newRow != null) {
            merge(conn, newRow);
        } else if (oldRow != null) {
            delete(conn, oldRow);
        }
    }

    private boolean sourceHas(Connection conn, Object[] row) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sourceHasSql)) {
            for (int i = 0; i < keyColumns.length; i++) {
                ps.setObject(i + 1, row[keyColumns[i]]);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private boolean sameKey(Object[] a, Object[] b) {
        for (int k : keyColumns) {
            if (!java.util.Objects.deepEquals(a[k], b[k])) {
                return false;
            }
        }
        return true;
    }

    private void delete(Connection conn, Object[] row) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(deleteSql)) {
            for (int i = 0; i < keyColumns.length; i++) {
                ps.setObject(i + 1, row[keyColumns[i]]);
            }
            ps.executeUpdate();
        }
    }

    private void merge(Connection conn, Object[] row) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(mergeSql)) {
            for (int i = 0; i < written.length; i++) {
                ps.setObject(i + 1, row[written[i]]);
            }
            ps.executeUpdate();
        }
    }
}
