package org.tonbo4j.h2.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.h2.api.Trigger;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.message.DbException;
import org.h2.schema.Schema;
import org.h2.table.Column;
import org.h2.table.Table;

/**
 * Row trigger that hands each insert, update and delete of a table to its tonbo mirror
 * ({@link Shadow}): the full new row to put, or the key to delete, buffered in the session's H2
 * transaction and applied after H2 has committed it ({@link Mirror}). No SQL runs against the
 * mirror, so nothing reads it through a snapshot or conflict-checks it: the source's row locks
 * already order the changes. The mirror's name comes from the trigger's name
 * ({@code <mirror>_INSERT}, {@code _UPDATE}, {@code _DELETE}), so it survives H2 rebuilding the
 * source table for an ALTER (which re-creates the triggers on a temporary copy) and renames of
 * the source; the mirror is looked up at each change, so a re-created mirror is written too.
 *
 * <p>A put replaces the whole mirror row (so a mirror that missed a TRUNCATE of the source,
 * which fires no triggers, converges). An update that changes a key deletes the mirror's row at
 * the old key only if no row of the source holds that key now: {@code UPDATE t SET id = id + 1}
 * moves every key onto the next one, and H2 fires the row triggers after the whole statement,
 * so deleting blindly would remove rows other triggers had just written. The mirror's columns
 * take the source's columns of the same name; a mirror column the source lacks takes its
 * default. One instance per trigger; H2 calls it from the writing session's thread.
 */
public final class ShadowTrigger implements Trigger {
    private String schemaName;
    private String mirrorName;
    private int[] keyColumns;
    /** The source's column names, by position. */
    private String[] sourceNames;
    /** Whether the source holds a key (after a statement moved keys onto each other). */
    private String sourceHasSql;
    /** Source column of each mirror column (-1: none), for the mirror columns {@link #mappedFor}. */
    private volatile Mapping mapping;

    private record Mapping(Column[] mirrorColumns, int[] sourceOf) {
    }

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                     int type) throws SQLException {
        SessionLocal session = (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
        this.schemaName = schemaName;
        mirrorName = mirrorOf(triggerName);
        Schema schema = session.getDatabase().getSchema(schemaName);
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
        sourceNames = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            sourceNames[i] = columns[i].getName();
        }
        StringBuilder has = new StringBuilder("SELECT 1 FROM ").append(Shadow.quote(schemaName)).append('.')
                .append(Shadow.quote(tableName)).append(" WHERE ");
        for (int i = 0; i < keyColumns.length; i++) {
            has.append(i > 0 ? " AND " : "").append(Shadow.quote(sourceNames[keyColumns[i]])).append(" = ?");
        }
        sourceHasSql = has.toString();
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
        SessionLocal session = (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
        try {
            H2Table target = mirror(session);
            target.engineTable(); // opens it: the codec follows
            RowCodec codec = target.codec();
            Mirror mirror = target.mirror();
            int[] sourceOf = mappedFor(target).sourceOf;
            Column[] columns = target.getColumns();
            if (oldRow != null && newRow != null && !sameKey(oldRow, newRow)) {
                // H2 fires these after the statement changed every row: if another row took the old
                // key, its own trigger puts the mirror's row there, which must not be deleted
                if (!sourceHas(conn, oldRow)) {
                    mirror.delete(session, codec, Mirror.engineValues(session, codec, columns, sourceOf, oldRow));
                }
                mirror.put(session, codec, Mirror.engineValues(session, codec, columns, sourceOf, newRow));
            } else if (newRow != null) {
                mirror.put(session, codec, Mirror.engineValues(session, codec, columns, sourceOf, newRow));
            } else if (oldRow != null) {
                mirror.delete(session, codec, Mirror.engineValues(session, codec, columns, sourceOf, oldRow));
            }
        } catch (DbException e) {
            throw e.getSQLException();
        }
    }

    private H2Table mirror(SessionLocal session) throws SQLException {
        Table t = session.getDatabase().getSchema(schemaName).findTableOrView(session, mirrorName);
        if (!(t instanceof H2Table h2) || h2.getPrimaryKeyColumns() == null) {
            throw new SQLException("tonbo shadow trigger: the mirror " + mirrorName + (t == null ? " does not exist"
                    : " is not a tonbo table with a primary key") + "; drop the triggers " + mirrorName
                    + "_INSERT, _UPDATE and _DELETE to stop mirroring");
        }
        return h2;
    }

    /** Which source column each mirror column takes, for the mirror's current columns. */
    private Mapping mappedFor(H2Table target) throws SQLException {
        Column[] cols = target.getColumns();
        Mapping m = mapping;
        if (m != null && m.mirrorColumns == cols) {
            return m;
        }
        int[] sourceOf = new int[cols.length];
        for (int i = 0; i < cols.length; i++) {
            sourceOf[i] = -1;
            for (int s = 0; s < sourceNames.length; s++) {
                if (sourceNames[s].equals(cols[i].getName())) {
                    sourceOf[i] = s;
                }
            }
        }
        for (Column k : target.getPrimaryKeyColumns()) {
            if (sourceOf[k.getColumnId()] < 0) {
                throw new SQLException("tonbo shadow trigger: the key column " + k.getName() + " of the mirror "
                        + mirrorName + " is not a column of its source");
            }
        }
        m = new Mapping(cols, sourceOf);
        mapping = m;
        return m;
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
}
