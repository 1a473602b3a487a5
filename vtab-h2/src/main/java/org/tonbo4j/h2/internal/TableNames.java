package org.tonbo4j.h2.internal;

import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.message.DbException;
import org.h2.table.Table;

/** Finds the table a SQL function's argument names. Stateless. */
public final class TableNames {
    private TableNames() {
    }

    /**
     * The table named {@code name}: {@code TABLE} in the current schema or {@code SCHEMA.TABLE},
     * each part as written or, when not found so, upper-cased as H2 stores unquoted names.
     */
    public static Table find(SessionLocal session, String name) throws SQLException {
        if (name == null || name.isBlank()) {
            throw DbException.get(org.h2.api.ErrorCode.INVALID_VALUE_2, "table name", String.valueOf(name))
                    .getSQLException();
        }
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
