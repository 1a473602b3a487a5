package org.tonbo4j.h2.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.table.Column;
import org.h2.table.Table;
import org.h2.util.StringUtils;

/**
 * Analytical shadow tables: a tonbo mirror {@code <T>_TONBO} of an ordinary H2 table {@code T},
 * backfilled once and kept in sync by triggers ({@link ShadowTrigger}) whose changes reach the
 * mirror when H2 has committed the change to {@code T} ({@link Mirror}). Stateless.
 */
public final class Shadow {
    /** Suffix of a mirror's name. */
    public static final String SUFFIX = "_TONBO";

    private Shadow() {
    }

    /** Creates, fills and wires the mirror of {@code tableName}; returns the mirror's name. */
    public static String create(Connection conn, String tableName) throws SQLException {
        SessionLocal session = (SessionLocal) conn.unwrap(JdbcConnection.class).getSession();
        Table source = TableNames.find(session, tableName); // TABLE or SCHEMA.TABLE
        if (source instanceof H2Table) {
            throw org.h2.message.DbException.get(org.h2.api.ErrorCode.FEATURE_NOT_SUPPORTED_1,
                    "TONBO_SHADOW: " + tableName + " is already a tonbo table").getSQLException();
        }
        if (source.isTemporary() || source.getTableType() != org.h2.table.TableType.TABLE) {
            throw org.h2.message.DbException.get(org.h2.api.ErrorCode.FEATURE_NOT_SUPPORTED_1,
                    "TONBO_SHADOW: " + tableName + " is not an ordinary persistent table").getSQLException();
        }
        Index pk = source.findPrimaryKey();
        if (pk == null) {
            throw org.h2.message.DbException.get(org.h2.api.ErrorCode.FEATURE_NOT_SUPPORTED_1,
                    "TONBO_SHADOW: table " + tableName + " needs a primary key to be mirrored").getSQLException();
        }
        // the mirror and its triggers live in the source's schema
        String schema = quote(source.getSchema().getName()) + '.';
        String src = schema + quote(source.getName());
        String mirrorName = source.getName() + SUFFIX;
        String mirror = schema + quote(mirrorName);
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(mirror).append('(');
        for (Column c : source.getColumns()) {
            ddl.append(quote(c.getName())).append(' ').append(c.getType().getSQL(0));
            if (!c.isNullable()) {
                ddl.append(" NOT NULL");
            }
            ddl.append(", ");
        }
        ddl.append("PRIMARY KEY(");
        Column[] keys = pk.getColumns();
        for (int i = 0; i < keys.length; i++) {
            ddl.append(i > 0 ? ", " : "").append(quote(keys[i].getName()));
        }
        ddl.append(")) ENGINE \"tonbo\"");
        try (Statement s = conn.createStatement()) {
            s.execute(ddl.toString());
            s.execute("INSERT INTO " + mirror + " SELECT * FROM " + src);
            String trigger = " CALL \"" + ShadowTrigger.class.getName() + "\"";
            for (String op : new String[] {"INSERT", "UPDATE", "DELETE"}) {
                s.execute("CREATE TRIGGER " + schema + quote(mirrorName + "_" + op) + " AFTER " + op + " ON " + src
                        + " FOR EACH ROW" + trigger);
            }
        }
        return mirrorName;
    }

    static String quote(String identifier) {
        return StringUtils.quoteIdentifier(identifier);
    }
}
