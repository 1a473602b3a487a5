package org.tonbo4j.h2.internal;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import org.h2.api.ErrorCode;
import org.h2.command.Command;
import org.h2.command.CommandContainer;
import org.h2.command.CommandInterface;
import org.h2.command.ddl.AlterTableAlterColumn;
import org.h2.engine.SessionLocal;
import org.h2.expression.Expression;
import org.h2.message.DbException;
import org.h2.table.Column;

/**
 * {@code ALTER TABLE ... ADD COLUMN} on a tonbo table, as an engine schema change instead of
 * H2's default (which copies the rows into a new MVStore table). H2 2.5.252 asks the table only
 * {@code checkSupportAlter()}, with no arguments, before it runs any ALTER; this class finds the
 * statement being run (the session of the current thread, its current command), and for
 * ADD COLUMN of one column at the end it lets the table add the column, then marks the statement
 * {@code IF NOT EXISTS} so that H2 sees the column already there and stops. Every other ALTER is
 * refused with an SQL error. Relies on H2 internals of the pinned version (private fields read by
 * reflection, which needs no JVM flag on the class path); a different H2 fails with a clear error
 * rather than misbehaving. Stateless.
 */
final class AlterColumns {
    private AlterColumns() {
    }

    /** What an ADD COLUMN asks for. */
    record Addition(SessionLocal session, AlterTableAlterColumn statement, Column column) {
    }

    /**
     * ALTER COLUMN forms that change only what H2 keeps about a column (its default, ON UPDATE
     * expression, DEFAULT ON NULL, selectivity, visibility): H2 applies them before rows reach
     * the table, and the table's stored CREATE statement carries them across a reopen.
     */
    private static final java.util.Set<Integer> METADATA_ONLY = java.util.Set.of(
            CommandInterface.ALTER_TABLE_ALTER_COLUMN_DEFAULT, CommandInterface.ALTER_TABLE_ALTER_COLUMN_ON_UPDATE,
            CommandInterface.ALTER_TABLE_ALTER_COLUMN_DEFAULT_ON_NULL, CommandInterface.ALTER_TABLE_ALTER_COLUMN_SELECTIVITY,
            CommandInterface.ALTER_TABLE_ALTER_COLUMN_VISIBILITY);

    /**
     * The ADD COLUMN being run on this thread; null for a statement that changes only H2's
     * metadata (COMMENT ON COLUMN, {@link #METADATA_ONLY}), which H2 then runs as usual; or an SQL
     * error saying why the ALTER is refused.
     */
    static Addition currentAddition(String tableName) {
        SessionLocal session;
        AlterTableAlterColumn alter;
        try {
            Method m = SessionLocal.class.getDeclaredMethod("getThreadLocalSession");
            m.setAccessible(true);
            Object s = m.invoke(null);
            session = s instanceof SessionLocal ? (SessionLocal) s : null;
            Command cmd = session == null ? null : session.getCurrentCommand();
            Object prepared = null;
            if (cmd instanceof CommandContainer) {
                Field f = CommandContainer.class.getDeclaredField("prepared");
                f.setAccessible(true);
                prepared = f.get(cmd);
            }
            if (prepared instanceof org.h2.command.ddl.SetComment) {
                return null; // COMMENT ON COLUMN: H2's metadata only
            }
            alter = prepared instanceof AlterTableAlterColumn ? (AlterTableAlterColumn) prepared : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw refused(tableName, "this H2 version does not let the table see the ALTER statement (" + e + ")");
        }
        if (alter != null && METADATA_ONLY.contains(alter.getType())) {
            return null;
        }
        if (alter == null || alter.getType() != CommandInterface.ALTER_TABLE_ADD_COLUMN) {
            throw refused(tableName, null);
        }
        List<Column> add = field(alter, "columnsToAdd", tableName);
        if (add == null || add.size() != 1) {
            throw refused(tableName, "add one column per ALTER TABLE statement");
        }
        Boolean first = field(alter, "addFirst", tableName);
        if (Boolean.TRUE.equals(first) || field(alter, "addBefore", tableName) != null
                || field(alter, "addAfter", tableName) != null) {
            throw refused(tableName, "an added column goes after the existing ones (no FIRST, BEFORE or AFTER)");
        }
        List<?> constraints = field(org.h2.command.ddl.CommandWithColumns.class, alter, "constraintCommands", tableName);
        if ((constraints != null && !constraints.isEmpty())
                || field(org.h2.command.ddl.CommandWithColumns.class, alter, "primaryKey", tableName) != null) {
            throw refused(tableName, "an added column cannot carry a constraint (UNIQUE, PRIMARY KEY, REFERENCES or "
                    + "CHECK): tonbo tables have no secondary indexes, and H2 would drop the constraint silently");
        }
        Column c = add.get(0);
        if (c.isIdentity() || c.isGenerated() || c.getSequence() != null) {
            throw refused(tableName, "an added column cannot be an identity or generated column");
        }
        Expression d = c.getDefaultExpression();
        if (d != null && !d.optimize(session).isConstant()) {
            throw refused(tableName, "the default of an added column must be a constant (the rows already stored "
                    + "read as it), got " + d.getTraceSQL());
        }
        return new Addition(session, alter, c);
    }

    private static <T> T field(AlterTableAlterColumn alter, String name, String tableName) {
        return field(AlterTableAlterColumn.class, alter, name, tableName);
    }

    @SuppressWarnings("unchecked")
    private static <T> T field(Class<?> declaring, AlterTableAlterColumn alter, String name, String tableName) {
        try {
            Field f = declaring.getDeclaredField(name);
            f.setAccessible(true);
            return (T) f.get(alter);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw refused(tableName, "this H2 version does not let the table read the ALTER statement (" + e + ")");
        }
    }

    static DbException refused(String tableName, String reason) {
        return DbException.get(ErrorCode.FEATURE_NOT_SUPPORTED_1, "ALTER TABLE on the tonbo table " + tableName
                + (reason == null ? " (only ADD COLUMN and RENAME TO are supported; for other changes create a new "
                + "table and copy the rows with INSERT ... SELECT)" : ": " + reason));
    }
}
