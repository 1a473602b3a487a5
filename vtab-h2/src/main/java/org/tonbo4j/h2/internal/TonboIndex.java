package org.tonbo4j.h2.internal;

import java.util.List;
import org.h2.command.query.AllColumnsForPlan;
import org.h2.engine.SessionLocal;
import org.h2.index.Cursor;
import org.h2.index.Index;
import org.h2.index.IndexType;
import org.h2.message.DbException;
import org.h2.result.Row;
import org.h2.result.SearchRow;
import org.h2.result.SortOrder;
import org.h2.table.IndexColumn;
import org.h2.table.TableFilter;

/**
 * The indexes of a tonbo table as H2 sees them: the scan index (every row, in key order) and the
 * primary-key index (point lookups, key ranges, IN lists, MIN/MAX and ORDER BY on the key). Both
 * are views of the one LSM tree, so they hold no data of their own. A copy made for one query
 * plan carries the columns that query uses, and only those are decoded from Parquet.
 * Immutable and thread-safe.
 */
final class TonboIndex extends Index {
    private final H2Table table;
    /** Engine column names the query reads, or null for all. */
    private final List<String> projection;

    TonboIndex(H2Table table, int id, String name, IndexColumn[] columns, int uniqueColumns, IndexType type,
               List<String> projection) {
        super(table, id, name, columns, uniqueColumns, type);
        this.table = table;
        this.projection = projection;
    }

    /** A copy of this index that reads only the given engine columns. */
    TonboIndex project(List<String> columns) {
        return new TonboIndex(table, getId(), getName(), indexColumns, getUniqueColumnCount(), indexType, columns);
    }

    boolean isPrimaryKey() {
        return indexType.isPrimaryKey();
    }

    @Override
    public String getPlanSQL() {
        StringBuilder b = new StringBuilder(super.getPlanSQL());
        b.append(isPrimaryKey() ? " [tonbo key lookup/range scan" : " [tonbo full scan; conditions after a colon skip Parquet"
                + " row groups and pages");
        b.append(", columns: ").append(projection == null ? "all" : String.join(", ", projection)).append(']');
        return b.toString();
    }

    /** H2's duplicate-key error for a row whose key is already present. */
    DbException duplicateKey(Row row) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(row.getValue(columns[i].getColumnId()).getTraceSQL());
        }
        return getDuplicateKeyException(b.append(')').toString());
    }

    /**
     * False for both indexes, so that H2 hands even the scan index the bounds of its conditions
     * ({@code IndexCursor} skips them for an index that says it scans in full): they become the
     * engine's scan conditions. The scan index's cost stays that of a full scan, so plans do not
     * change.
     */
    @Override
    public boolean isFindUsingFullTableScan() {
        return false;
    }

    @Override
    public Cursor find(SessionLocal session, SearchRow first, SearchRow last, boolean reverse) {
        if (!isPrimaryKey()) {
            // bounds on any column: conditions for the engine to skip row groups and pages by
            return table.scan(session, first, last, projection);
        }
        return table.find(session, first, last, reverse, projection);
    }

    @Override
    public double getCost(SessionLocal session, int[] masks, TableFilter[] filters, int filter, SortOrder sortOrder,
                          AllColumnsForPlan allColumnsSet, boolean isSelectCommand) {
        long rows = table.getRowCountApproximation(session);
        if (!isPrimaryKey()) {
            return 10.0 * (rows + 1000);
        }
        return 10.0 * getCostRangeIndex(masks, rows, filters, filter, sortOrder, false, allColumnsSet,
                isSelectCommand);
    }

    @Override
    public boolean canGetFirstOrLast() {
        return isPrimaryKey();
    }

    @Override
    public Cursor findFirstOrLast(SessionLocal session, boolean first) {
        return table.findFirstOrLast(session, first, projection);
    }

    @Override
    public String getCreateSQL() {
        return isPrimaryKey() ? super.getCreateSQL() : null;
    }

    @Override
    public void close(SessionLocal session) {
        // the table owns the engine table
    }

    @Override
    public void add(SessionLocal session, Row row) {
        // writes go through H2Table.addRow
    }

    @Override
    public void remove(SessionLocal session, Row row) {
        // writes go through H2Table.removeRow
    }

    @Override
    public void remove(SessionLocal session) {
        // dropping the primary key index leaves the rows in place
    }

    @Override
    public void truncate(SessionLocal session) {
        // H2Table.truncate clears the rows once for all indexes
    }

    @Override
    public boolean needRebuild() {
        return false;
    }

    @Override
    public long getRowCount(SessionLocal session) {
        return table.getRowCount(session);
    }

    @Override
    public long getRowCountApproximation(SessionLocal session) {
        return table.getRowCountApproximation(session);
    }

    @Override
    public boolean canScan() {
        return true;
    }

    @Override
    public Row getRow(SessionLocal session, long key) {
        throw DbException.getUnsupportedException("row lookup by internal key on a tonbo table");
    }
}
