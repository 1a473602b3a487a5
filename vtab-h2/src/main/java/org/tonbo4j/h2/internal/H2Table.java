package org.tonbo4j.h2.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.api.ErrorCode;
import org.h2.command.ddl.CreateTableData;
import org.h2.command.query.AllColumnsForPlan;
import org.h2.engine.SessionLocal;
import org.h2.index.Cursor;
import org.h2.index.Index;
import org.h2.index.IndexType;
import org.h2.index.SingleRowCursor;
import org.h2.message.DbException;
import org.h2.result.SearchRow;
import org.h2.result.SortOrder;
import org.h2.table.Column;
import org.h2.table.IndexColumn;
import org.h2.table.PlanItem;
import org.h2.table.TableBase;
import org.h2.table.TableFilter;
import org.h2.table.TableType;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.TonboException;
import org.tonbo4j.TransactionConflictException;
import org.tonbo4j.storage.MemoryStorage;

/**
 * An H2 table stored in a tonbo LSM table. H2 columns map one to one to engine columns (see
 * {@link TypeMapping}); the primary key is the engine key, or a hidden {@value #ROW_ID} column
 * for tables without one. The engine table opens on first use, so a broken table never stops the
 * database from opening: its error comes with the first statement that touches it.
 *
 * <p>Writes of a session go to an engine transaction ({@link SessionWrites}) that commits when
 * H2 commits; reads of a session that wrote see its own writes, other sessions see committed
 * rows only. Thread-safe: H2 calls it from any number of sessions at once.
 */
public final class H2Table extends TableBase {
    static final String ROW_ID = "_TONBO_ROWID";
    private static final ThreadLocal<List<String>> PLANNING = new ThreadLocal<>();

    private final EngineParams params;
    private final Path directory;
    /** Object key prefix of the table's S3 levels (with {@code fs=s3}), else null. */
    private final String s3Prefix;
    /** The storage the open engine table lives in (closed with it). */
    private org.tonbo4j.storage.Storage storage;
    /** Whether H2 created this object while opening the database (the files should exist). */
    private final boolean reopened;
    /** Engine types and H2 value types by H2 column; replaced (with the codec) when a column is added. */
    private volatile ColumnType[] types;
    private volatile int[] h2Types;
    private volatile TonboIndex scanIndex;
    private volatile TonboIndex primaryKey;
    private volatile Table<Row> store;
    private volatile RowCodec codec;
    private final AtomicLong nextRowId = new AtomicLong(1);
    /** Committed rows, for COUNT(*) and the planner; null until the store is open. */
    private volatile RowCount rowCount;
    private final ConcurrentHashMap<SessionLocal, SessionWrites> writes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<SessionLocal, OpenCursors> cursors = new ConcurrentHashMap<>();
    /** The changes shadow triggers make to this table when it mirrors an H2 table. */
    private final Mirror mirror = new Mirror(this);
    private volatile long lastModification;
    /** Set when H2 closes the table (the database closes): no late mirror apply reopens it. */
    private volatile boolean closed;

    public H2Table(CreateTableData data, EngineParams params) {
        super(data);
        this.params = params;
        Column[] cols = getColumns();
        types = new ColumnType[cols.length];
        h2Types = new int[cols.length];
        for (int i = 0; i < cols.length; i++) {
            if (cols[i].getName().equalsIgnoreCase(ROW_ID)) {
                throw DbException.get(ErrorCode.FEATURE_NOT_SUPPORTED_1, "tonbo tables: the column name " + ROW_ID
                        + " is reserved");
            }
            types[i] = TypeMapping.engineType(cols[i]);
            h2Types[i] = cols[i].getType().getValueType();
        }
        reopened = database.isStarting();
        String dbPath = database.getDatabasePath();
        if (params.memory() || (params.path() == null && dbPath == null)) {
            directory = null;
        } else {
            directory = params.path() != null ? params.path() : Path.of(dbPath + ".tonbo", "t" + data.id);
            if (!database.isStarting()) {
                TableDirectory.create(directory, params.path() == null, data.tableName);
            }
        }
        if (params.s3() == null) {
            s3Prefix = null;
        } else if (params.s3().prefix() != null) {
            s3Prefix = params.s3().prefix();
        } else {
            String db = dbPath == null ? "mem-" + database.getShortName() : Path.of(dbPath).getFileName().toString();
            s3Prefix = db + ".tonbo/t" + data.id;
        }
        scanIndex = new TonboIndex(this, data.id, data.tableName + "_DATA", scanIndexColumns(cols), 0,
                IndexType.createScan(true), null);
        lastModification = database.getNextModificationDataId();
    }

    /**
     * The scan index's columns: every column of the table, so that H2 hands it the bounds of
     * comparisons on any of them (engine scan conditions), behind a placeholder that belongs to no
     * table. H2 treats an index as one on its first column, so the placeholder keeps it from doing
     * that: no IN list or IN (SELECT ...) becomes one scan per value (each with its own
     * snapshot), and no foreign key or MIN/MAX looks it up.
     */
    private static IndexColumn[] scanIndexColumns(org.h2.table.Column[] cols) {
        org.h2.table.Column[] all = new org.h2.table.Column[cols.length + 1];
        all[0] = new org.h2.table.Column("_TONBO_SCAN", org.h2.value.TypeInfo.TYPE_INTEGER);
        System.arraycopy(cols, 0, all, 1, cols.length);
        return IndexColumn.wrap(all);
    }

    // ---- engine table, opened on first use -------------------------------------------------

    private Table<Row> store() {
        Table<Row> s = store;
        return s != null ? s : open();
    }

    private synchronized Table<Row> open() {
        if (store != null) {
            return store;
        }
        Schema.Builder b = Schema.builder();
        Column[] cols = getColumns();
        for (int i = 0; i < cols.length; i++) {
            b.column(cols[i].getName(), types[i], cols[i].isNullable());
        }
        TonboIndex pk = primaryKey;
        int[] keyColumns = null;
        if (pk == null) {
            b.column(ROW_ID, ColumnType.INT64, false).primaryKey(ROW_ID);
        } else {
            Column[] keyCols = pk.getColumns();
            String[] names = new String[keyCols.length];
            keyColumns = new int[keyCols.length];
            for (int i = 0; i < keyCols.length; i++) {
                names[i] = keyCols[i].getName();
                keyColumns[i] = keyCols[i].getColumnId();
            }
            b.primaryKey(names);
        }
        Schema sch = b.build();
        try {
            if (directory != null && reopened && !Files.isDirectory(directory)) {
                throw new TonboException("the storage directory " + directory + " is missing");
            }
            if (directory != null && Files.isDirectory(directory)) {
                sch = storedOrDeclared(storedSchema(directory), sch);
            }
            org.tonbo4j.storage.Storage st = openStorage();
            Table<Row> t;
            try {
                // the flush at close is ours to call (closeStore): none when the table is dropped
                t = Tonbo.open(st, sch, params.options().toBuilder().flushOnClose(false).build());
            } catch (RuntimeException e) {
                closeQuietly(st);
                throw e;
            }
            try {
                rowCount = new RowCount(t); // counted when first asked for, not at open
                if (pk == null) {
                    try (RowIterator<Row> it = t.scan(Scan.builder().columns(List.of()).reverse(true).limit(1).build())) {
                        if (it.hasNext()) {
                            nextRowId.set((Long) it.next().get(ROW_ID) + 1);
                        }
                    }
                }
            } catch (RuntimeException e) {
                t.close();
                closeQuietly(st);
                throw e;
            }
            codec = new RowCodec(this, types, h2Types, keyColumns, sch);
            storage = st;
            store = t;
            return t;
        } catch (TonboException | IllegalArgumentException e) {
            throw error(e);
        }
    }

    /** The table's storage: its directory (or memory), with the levels from {@code level} in S3 for {@code fs=s3}. */
    private org.tonbo4j.storage.Storage openStorage() {
        org.tonbo4j.storage.Storage primary;
        try {
            primary = directory == null ? new MemoryStorage() : new org.tonbo4j.storage.LocalStorage(directory);
        } catch (IOException e) {
            throw new TonboException("cannot create the table directory " + directory + ": " + e, e);
        }
        if (params.s3() == null) {
            return primary;
        }
        try {
            boolean isNew = Tonbo.storedSchema(primary).isEmpty();
            return S3Tier.tiered(primary, params.s3(), s3Prefix, isNew);
        } catch (NoClassDefFoundError e) {
            closeQuietly(primary);
            throw new TonboException("fs=s3 needs the tonbo-s3 jar and the AWS SDK on the class path (missing "
                    + e.getMessage() + ")");
        } catch (RuntimeException e) {
            closeQuietly(primary);
            throw e;
        }
    }

    private static void closeQuietly(org.tonbo4j.storage.Storage st) {
        try {
            st.close();
        } catch (IOException | RuntimeException ignored) {
            // The open failed already; that error is the one to report.
        }
    }

    private static Schema storedSchema(Path dir) {
        try {
            return Tonbo.storedSchema(new org.tonbo4j.storage.LocalStorage(dir)).orElse(null);
        } catch (IOException e) {
            throw new TonboException("cannot read the table in " + dir + ": " + e, e);
        }
    }

    /**
     * The schema to open with: the stored one when it has the columns H2 declares (by name, with
     * the same types, nullability and key) in a possibly different order and with defaults of
     * added columns; the declared one for a new table. Anything else is a clear error, but for
     * columns the files have and H2 does not, added last and nullable or with a default: an
     * {@code ALTER TABLE ... ADD COLUMN} that reached the files but not H2's catalog (H2 writes
     * its catalog a moment after the statement: a crash in between loses it). They stay hidden,
     * new rows get their default, and the same ADD COLUMN brings them back.
     */
    private Schema storedOrDeclared(Schema stored, Schema declared) {
        if (stored == null || stored.equals(declared)) {
            return stored == null ? declared : stored;
        }
        int lost = lostColumns(stored, declared);
        if (lost > 0) {
            System.getLogger(H2Table.class.getName()).log(System.Logger.Level.WARNING, "tonbo table {0}: the files in {1}"
                    + " hold {2} column(s) H2 does not declare, added last ({3}); kept hidden until ALTER TABLE ... ADD"
                    + " COLUMN adds them back", getName(), directory, lost, stored);
        }
        boolean same = stored.columnCount() == declared.columnCount() + lost
                && stored.keyColumnCount() == declared.keyColumnCount();
        for (int i = 0; same && i < declared.columnCount(); i++) {
            org.tonbo4j.Column d = declared.column(i);
            int at = stored.indexOf(d.name());
            same = at >= 0 && stored.column(at).withoutDefault().equals(d.withoutDefault());
        }
        for (int k = 0; same && k < declared.keyColumnCount(); k++) {
            same = stored.column(stored.keyIndex(k)).name().equals(declared.column(declared.keyIndex(k)).name());
        }
        if (!same) {
            throw new org.tonbo4j.SchemaMismatchException("the files in " + directory + " hold the table " + stored
                    + ", but H2 declares " + declared);
        }
        return stored;
    }

    /**
     * How many of the stored schema's last columns H2 does not declare, if each is nullable or
     * has a default (what ADD COLUMN makes); 0 otherwise.
     */
    private static int lostColumns(Schema stored, Schema declared) {
        int n = 0;
        for (int i = stored.columnCount() - 1; i >= 0; i--) {
            org.tonbo4j.Column c = stored.column(i);
            if (declared.indexOf(c.name()) >= 0 || stored.isKeyColumn(i)) {
                break;
            }
            if (!c.nullable() && c.defaultValue() == null) {
                return 0;
            }
            n++;
        }
        return n;
    }

    /**
     * {@code ALTER TABLE ... ADD COLUMN}: adds the column to the engine table (rows already stored
     * read as its constant default, or null), then to this H2 table, and updates H2's catalog.
     * Refused while another session has uncommitted writes to the table.
     */
    private synchronized void addColumn(AlterColumns.Addition a) {
        Table<Row> t = store();
        SessionLocal other = otherWriter(a.session());
        if (other != null) {
            throw AlterColumns.refused(getName(), "session " + other.getId() + " has uncommitted changes to it; "
                    + "commit or roll them back first");
        }
        if (writes.containsKey(a.session())) {
            throw AlterColumns.refused(getName(), "this session has uncommitted changes to it; commit first");
        }
        Column c = a.column();
        if (doesColumnExist(c.getName())) {
            throw DbException.get(ErrorCode.DUPLICATE_COLUMN_NAME_1, c.getName());
        }
        ColumnType type = TypeMapping.engineType(c);
        org.tonbo4j.Column engineColumn = org.tonbo4j.Column.of(c.getName(), type, c.isNullable());
        if (c.getDefaultExpression() != null) {
            org.h2.value.Value v = c.getDefaultExpression().optimize(a.session()).getValue(a.session())
                    .convertTo(c.getType(), a.session());
            Object d = TypeMapping.toEngine(v, type, a.session());
            engineColumn = d == null ? engineColumn : engineColumn.withDefault(d);
        }
        if (!c.isNullable() && engineColumn.defaultValue() == null) {
            throw AlterColumns.refused(getName(), "an added NOT NULL column needs a constant DEFAULT (the rows "
                    + "already stored read as it)");
        }
        for (OpenCursors open : cursors.values()) {
            open.closeAll();
        }
        cursors.clear();
        endReadSnapshots(); // their engine transactions end with the engine table the change reopens
        Schema next;
        int stored = t.schema().indexOf(c.getName());
        if (stored >= 0) {
            // a column H2 lost in a crash (storedOrDeclared): adopt it if it is the same one
            org.tonbo4j.Column have = t.schema().column(stored);
            if (!have.equals(engineColumn)) {
                throw AlterColumns.refused(getName(), "the table's files already hold a column " + have
                        + " that H2 lost in a crash; add it back with that definition");
            }
            next = t.schema();
        } else {
            try {
                next = t.addColumn(engineColumn);
            } catch (TonboException | IllegalArgumentException e) {
                throw error(e);
            }
        }
        Column[] old = getColumns();
        Column[] cols = java.util.Arrays.copyOf(old, old.length + 1);
        cols[old.length] = c;
        setColumns(cols);
        ColumnType[] ty = java.util.Arrays.copyOf(types, cols.length);
        int[] h2 = java.util.Arrays.copyOf(h2Types, cols.length);
        ty[old.length] = type;
        h2[old.length] = c.getType().getValueType();
        TonboIndex pk = primaryKey;
        int[] keyColumns = null;
        if (pk != null) {
            Column[] keyCols = pk.getColumns();
            keyColumns = new int[keyCols.length];
            for (int i = 0; i < keyCols.length; i++) {
                keyColumns[i] = keyCols[i].getColumnId();
            }
        }
        types = ty;
        h2Types = h2;
        codec = new RowCodec(this, ty, h2, keyColumns, next);
        scanIndex = new TonboIndex(this, getId(), getName() + "_DATA", scanIndexColumns(cols), 0,
                IndexType.createScan(true), null);
        lastModification = database.getNextModificationDataId();
        database.updateMeta(a.session(), this);
        // H2 skips its own copy of the table when the column of ADD COLUMN IF NOT EXISTS exists.
        a.statement().setIfNotExists(true);
    }

    /**
     * Rolls back the engine transactions of sessions that have only read (at REPEATABLE READ and
     * above): their next read takes a new snapshot.
     */
    private void endReadSnapshots() {
        for (java.util.Map.Entry<SessionLocal, SessionWrites> e : writes.entrySet()) {
            if (!e.getValue().hasWritten() && writes.remove(e.getKey(), e.getValue())) {
                e.getValue().tx.rollback();
            }
        }
    }

    /** A SQL error for an engine failure, naming this table. */
    DbException error(RuntimeException e) {
        if (e instanceof DbException) {
            return (DbException) e;
        }
        return DbException.get(ErrorCode.GENERAL_ERROR_1, e, "tonbo table " + getName() + ": " + e.getMessage());
    }

    // ---- reads ---------------------------------------------------------------------------------

    /**
     * Whether long scans of committed data read ahead on a second thread ({@link Prefetcher}):
     * with more than one processor, unless the system property {@code tonbo.h2.prefetch} is false.
     */
    static final boolean PREFETCH = Runtime.getRuntime().availableProcessors() > 1
            && Boolean.parseBoolean(System.getProperty("tonbo.h2.prefetch", "true"));

    Cursor find(SessionLocal session, SearchRow first, SearchRow last, boolean reverse, List<String> columns) {
        Table<Row> t = store();
        RowCodec rc = codec;
        if (rc.isNullBound(first) || rc.isNullBound(last) || rc.excludesEveryRow(session, first, last)) {
            return new RowCursor(this, rc, Collections.emptyIterator());
        }
        SessionWrites w = readsOf(session);
        try {
            Object[] from = rc.keyPrefix(session, first, true);
            Object[] to = rc.keyPrefix(session, last, true);
            boolean oneKey = from != null && to != null && from.length == rc.keyLength()
                    && java.util.Arrays.equals(from, to);
            if (!oneKey) {
                from = rc.keyPrefix(session, first, false);
                to = rc.keyPrefix(session, last, false);
            }
            if (oneKey) {
                // One key: a point lookup of just the used columns (the engine turns a scan of
                // one whole key into one).
                Scan.Builder one = Scan.builder().from(from).to(from);
                if (columns != null) {
                    one.columns(columns);
                }
                List<Row> found = new ArrayList<>(1);
                try (RowIterator<Row> it = w != null ? w.tx.scan(one.build()) : t.scan(one.build())) {
                    it.forEachRemaining(found::add);
                }
                return new RowCursor(this, rc, found.iterator());
            }
            Scan.Builder b = Scan.builder().reverse(reverse);
            if (from != null) {
                b.from(from);
            }
            if (to != null) {
                b.to(to);
            }
            if (columns != null) {
                b.columns(columns);
            }
            return w != null ? track(session, rc, w.tx.scan(b.build()), false)
                    : track(session, rc, t.scan(b.build()), PREFETCH);
        } catch (TonboException | IllegalArgumentException e) {
            throw error(e);
        }
    }

    /** A full scan with the scan index's bounds on any column as engine conditions (see RowCodec#predicates). */
    Cursor scan(SessionLocal session, SearchRow first, SearchRow last, List<String> columns) {
        Table<Row> t = store();
        RowCodec rc = codec;
        if (rc.excludesEveryRow(session, first, last)) {
            return new RowCursor(this, rc, Collections.emptyIterator());
        }
        SessionWrites w = readsOf(session);
        try {
            Scan.Builder b = Scan.builder().where(rc.predicates(session, first, last).toArray(new org.tonbo4j.Predicate[0]));
            if (columns != null) {
                b.columns(columns);
            }
            return w != null ? track(session, rc, w.tx.scan(b.build()), false)
                    : track(session, rc, t.scan(b.build()), PREFETCH);
        } catch (TonboException | IllegalArgumentException e) {
            throw error(e);
        }
    }

    Cursor findFirstOrLast(SessionLocal session, boolean first, List<String> columns) {
        Table<Row> t = store();
        SessionWrites w = readsOf(session);
        RowCodec rc = codec;
        Scan.Builder b = Scan.builder().reverse(!first).limit(1);
        if (columns != null) {
            b.columns(columns);
        }
        try {
            try (RowIterator<Row> it = w != null ? w.tx.scan(b.build()) : t.scan(b.build())) {
                return new SingleRowCursor(it.hasNext() ? rc.toH2Row(it.next()) : null);
            }
        } catch (TonboException e) {
            throw error(e);
        }
    }

    /**
     * The engine transaction the session reads through: its open writes, or at REPEATABLE READ,
     * SNAPSHOT and SERIALIZABLE the snapshot its first read of the table in the transaction
     * takes; null: the latest commits (READ COMMITTED without writes).
     */
    private SessionWrites readsOf(SessionLocal session) {
        SessionWrites w = writesOf(session);
        if (w == null && repeatableReads(session)) {
            try {
                w = startTransaction(session, false);
            } catch (TonboException e) {
                throw error(e);
            }
        }
        return w;
    }

    /** Whether the session's isolation level wants every read of a transaction to see one snapshot. */
    private static boolean repeatableReads(SessionLocal session) {
        return !session.getIsolationLevel().allowNonRepeatableRead();
    }

    /** The session's open writes, in step with H2's undo; null if it has none. */
    private SessionWrites writesOf(SessionLocal session) {
        SessionWrites w = writes.get(session);
        if (w != null && !w.belongsTo(session.getTransaction())) {
            // H2 ended that transaction without reaching unlock (another table's commit failed first)
            writes.remove(session);
            finish(w);
            w = null;
        }
        if (w != null) {
            try {
                w.reconcile();
            } catch (TonboException e) {
                throw error(e);
            }
        }
        return w;
    }

    /** A cursor over {@code rows} that the table tracks for the session (see {@link OpenCursors}). */
    private RowCursor track(SessionLocal session, RowCodec rc, RowIterator<Row> rows, boolean prefetch) {
        CursorResources r = new CursorResources(this, session, rows);
        cursors.compute(session, (s, open) -> {
            OpenCursors o = open != null ? open : new OpenCursors();
            o.add(session, r);
            return o;
        });
        return new RowCursor(this, session, rc, r, prefetch);
    }

    /** Called when a tracked cursor closes: forgets it, and the session's entry once empty. */
    void untrack(SessionLocal session, CursorResources c) {
        cursors.computeIfPresent(session, (s, open) -> open.remove(c) ? null : open);
    }

    /** H2's {@code _ROWID_} (see {@link #getRowIdColumn}); created once. */
    private volatile Column rowIdColumn;

    /** The name of a one-column primary key of an integer type (H2's row key, as in its own tables), or null. */
    private String integerKeyColumn() {
        TonboIndex pk = primaryKey;
        if (pk == null || pk.getColumns().length != 1) {
            return null;
        }
        Column k = pk.getColumns()[0];
        return TypeMapping.isIntegerType(k.getType().getValueType()) ? k.getName() : null;
    }

    /**
     * {@code _ROWID_}: the hidden row id of a table without a primary key, or the value of a
     * one-column integer primary key; null (no {@code _ROWID_}) for a table with another key.
     */
    @Override
    public Column getRowIdColumn() {
        if (primaryKey != null && integerKeyColumn() == null) {
            return null;
        }
        Column c = rowIdColumn;
        if (c == null) {
            c = new Column(Column.ROWID, org.h2.value.TypeInfo.TYPE_BIGINT, this, SearchRow.ROWID_INDEX);
            c.setRowId(true);
            c.setNullable(false);
            rowIdColumn = c;
        }
        return c;
    }

    @Override
    public PlanItem getBestPlanItem(SessionLocal session, int[] masks, TableFilter[] filters, int filter,
                                    SortOrder sortOrder, AllColumnsForPlan allColumnsSet, boolean isSelectCommand) {
        // H2's column set misses columns used only in OVER (...) of window functions: read all then
        org.h2.command.query.Select select = filters != null && filter >= 0 ? filters[filter].getSelect() : null;
        boolean prune = isSelectCommand && allColumnsSet != null && select != null && !select.isWindowQuery();
        ArrayList<Column> used = prune ? allColumnsSet.get(this) : null;
        if (used == null) {
            return super.getBestPlanItem(session, masks, filters, filter, sortOrder, allColumnsSet, isSelectCommand);
        }
        List<String> names = new ArrayList<>(used.size());
        boolean rowId = false;
        for (Column c : used) {
            if (c.getTable() == this && c.getColumnId() >= 0) {
                names.add(c.getName());
            }
            rowId |= c.getTable() == this && c.isRowId();
        }
        String keyColumn = integerKeyColumn();
        if (rowId && keyColumn != null && !names.contains(keyColumn)) {
            names.add(keyColumn); // _ROWID_ is the key's value
        }
        PLANNING.set(names);
        try {
            return super.getBestPlanItem(session, masks, filters, filter, sortOrder, allColumnsSet, isSelectCommand);
        } finally {
            PLANNING.remove();
        }
    }

    @Override
    public Index getScanIndex(SessionLocal session) {
        List<String> p = PLANNING.get();
        return p == null ? scanIndex : scanIndex.project(p);
    }

    @Override
    public ArrayList<Index> getIndexes() {
        ArrayList<Index> list = new ArrayList<>(2);
        List<String> p = PLANNING.get();
        list.add(p == null ? scanIndex : scanIndex.project(p));
        TonboIndex pk = primaryKey;
        if (pk != null) {
            list.add(p == null ? pk : pk.project(p));
        }
        return list;
    }

    // ---- writes and transactions ---------------------------------------------------------------

    /**
     * The session running a statement that changes the whole table (DROP, TRUNCATE, ALTER), from
     * its exclusive lock to the end of its transaction; null if none. Guarded by this table's monitor
     * together with the creation of {@link #writes} entries: no session starts writing while it is
     * set, and it is not set while another session has uncommitted writes.
     */
    private SessionLocal exclusive;

    @Override
    public boolean lock(SessionLocal session, int lockType) {
        if (lockType != EXCLUSIVE_LOCK) {
            mirror.reportFailure(session); // not for DROP TABLE, the way to rebuild the mirror
        }
        mirror.catchUp(session); // a statement sees every change its source has committed
        OpenCursors open = cursors.get(session);
        if (open != null) {
            open.closeFromEarlierStatements(session);
        }
        if (lockType == EXCLUSIVE_LOCK) {
            lockExclusively(session);
        } else if (lockType == WRITE_LOCK) {
            SessionWrites w = writesOf(session);
            try {
                if (w == null) {
                    w = startTransaction(session, true);
                }
                w.beforeWrite(session);
            } catch (TonboException e) {
                throw error(e);
            }
        }
        return false;
    }

    /** Begins the session's engine transaction on this table, for its first write or (forWrite false) read. */
    private synchronized SessionWrites startTransaction(SessionLocal session, boolean forWrite) {
        if (forWrite && exclusive != null && exclusive != session) {
            throw DbException.get(ErrorCode.LOCK_TIMEOUT_1, getName() + " (session " + exclusive.getId()
                    + " is dropping, truncating or altering it)");
        }
        SessionWrites w = new SessionWrites(store().begin(), session.getTransaction(), getId(), session.getId());
        writes.put(session, w);
        registerLock(session);
        return w;
    }

    /**
     * DROP TABLE, TRUNCATE TABLE and ALTER TABLE take H2's exclusive lock: refused while another
     * session has uncommitted changes to the table (they would be lost, or survive a TRUNCATE),
     * where an ordinary table waits for them and times out. Once granted, other sessions cannot
     * start writing until this session's transaction ends.
     */
    private synchronized void lockExclusively(SessionLocal session) {
        SessionLocal other = otherWriter(session);
        if (other != null) {
            throw DbException.get(ErrorCode.LOCK_TIMEOUT_1, getName() + " (session " + other.getId()
                    + " has uncommitted changes to it; commit or roll them back first)");
        }
        exclusive = session;
        registerLock(session);
    }

    /** Makes H2 call {@link #unlock} when the session's transaction ends. */
    void registerLock(SessionLocal session) {
        if (!session.getLocks().contains(this)) {
            session.registerTableAsLocked(this);
        }
    }

    /** A session other than the given one whose transaction has uncommitted writes to this table, or null. */
    private SessionLocal otherWriter(SessionLocal session) {
        for (java.util.Map.Entry<SessionLocal, SessionWrites> e : writes.entrySet()) {
            if (e.getKey() != session && e.getValue().hasWritten() && e.getValue().transactionOpen()) {
                return e.getKey();
            }
        }
        return null;
    }

    @Override
    public void unlock(SessionLocal session) {
        synchronized (this) {
            if (exclusive == session) {
                exclusive = null;
            }
        }
        OpenCursors open = cursors.get(session);
        if (open != null) {
            open.closeAtTransactionEnd(session); // lazy results may go on (see OpenCursors)
        }
        mirror.end(session); // never fails: a failed apply is reported later (see Mirror)
        SessionWrites w = writes.remove(session);
        if (w != null) {
            finish(w);
        }
    }

    /** Commits or rolls back the engine transaction as H2's transaction ended (see SessionWrites). */
    private void finish(SessionWrites w) {
        try {
            if (w.survivedCommit()) {
                long seq = w.tx.commit();
                rowCount.committed(seq, w.rowDelta());
            } else {
                w.tx.rollback();
            }
        } catch (TransactionConflictException e) {
            // SQLState 40001, the standard serialization failure, which retry logic recognises.
            // Not 90131 (concurrent update): H2 re-runs a statement that fails with it, and a
            // re-run COMMIT would report success for changes just rolled back.
            throw DbException.get(ErrorCode.DEADLOCK_1, e, "tonbo table " + getName() + ": the commit failed, "
                    + "another transaction changed the same rows (" + e.getMessage() + "); this table's changes "
                    + "were rolled back");
        } catch (TonboException e) {
            w.tx.rollback();
            throw error(e);
        } finally {
            lastModification = database.getNextModificationDataId();
        }
    }

    private SessionWrites requireWrites(SessionLocal session) {
        SessionWrites w = writes.get(session);
        if (w == null) {
            lock(session, WRITE_LOCK);
            w = writes.get(session);
        }
        return w;
    }

    @Override
    public void addRow(SessionLocal session, org.h2.result.Row row) {
        SessionWrites w = requireWrites(session);
        try {
            RowCodec rc = codec;
            if (rc.hiddenKey()) {
                if (row.getKey() == 0) {
                    row.setKey(nextRowId.getAndIncrement());
                }
            } else if (w.tx.containsKey(rc.keyOf(session, row))) {
                throw primaryKey.duplicateKey(row);
            }
            w.tx.insert(rc.toEngineRow(session, row, row.getKey()));
            w.addRows(1);
        } catch (TonboException | IllegalArgumentException e) {
            throw error(e);
        }
        lastModification = database.getNextModificationDataId();
    }

    @Override
    public void removeRow(SessionLocal session, org.h2.result.Row row) {
        SessionWrites w = requireWrites(session);
        try {
            w.tx.delete(codec.keyOf(session, row));
            w.addRows(-1);
        } catch (TonboException | IllegalArgumentException e) {
            throw error(e);
        }
        lastModification = database.getNextModificationDataId();
    }

    @Override
    public boolean canTruncate() {
        for (org.h2.constraint.Constraint c : getConstraints()) {
            if (c.getConstraintType() == org.h2.constraint.Constraint.Type.REFERENTIAL && c.getRefTable() == this
                    && c.getTable() != this) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized long truncate(SessionLocal session) { // synchronized: no mirror apply in between
        Table<Row> t = store();
        long n = 0;
        try (RowIterator<Row> it = t.scan(Scan.builder().columns(List.of()).build())) {
            org.tonbo4j.WriteBatch<Row> batch = t.newBatch();
            while (it.hasNext()) {
                batch.delete(it.next().key());
                n++;
            }
            t.write(batch);
        } catch (TonboException e) {
            throw error(e);
        }
        rowCount.cleared();
        lastModification = database.getNextModificationDataId();
        return n;
    }

    // ---- DDL and lifecycle ---------------------------------------------------------------------

    /** Set once the table itself is being dropped: its constraints go with it. */
    private volatile boolean dropping;

    @Override
    public Index addIndex(SessionLocal session, String indexName, int indexId, IndexColumn[] cols,
                          int uniqueColumnCount, IndexType indexType, boolean create, String indexComment) {
        if (!indexType.isPrimaryKey()) {
            if (indexType.getBelongsToConstraint()) {
                int generated = indexName.indexOf("_INDEX_"); // H2 names a constraint's own index <constraint>_INDEX_<n>
                throw DbException.get(ErrorCode.FEATURE_NOT_SUPPORTED_1, "tonbo tables have no secondary indexes, so "
                        + (indexType.isUnique() ? "the UNIQUE constraint " : "the foreign key ")
                        + (generated > 0 ? indexName.substring(0, generated) : indexName)
                        + " on " + getName() + " cannot be kept; the primary key is the only index (a foreign key from"
                        + " another table to this table's primary key works)");
            }
            throw DbException.get(ErrorCode.FEATURE_NOT_SUPPORTED_1, "tonbo tables have no secondary indexes (index "
                    + indexName + " on " + getName() + "); the primary key is the only index, declare it in CREATE TABLE");
        }
        for (IndexColumn c : cols) {
            int t = c.column.getType().getValueType();
            if (t == org.h2.value.Value.CLOB || t == org.h2.value.Value.BLOB) { // as for H2's own tables
                throw DbException.get(ErrorCode.FEATURE_NOT_SUPPORTED_1, "Index on column: " + c.column.getTraceSQL()
                        + " " + c.column.getType().getTraceSQL() + " (a large object cannot be a key)");
            }
            if ((c.sortType & SortOrder.DESCENDING) != 0) {
                throw DbException.get(ErrorCode.FEATURE_NOT_SUPPORTED_1, "tonbo tables: descending primary key column "
                        + c.column.getName());
            }
        }
        synchronized (this) {
            if (store != null && primaryKey == null && writes.isEmpty() && rowCount.get() == 0) {
                // opened empty with a hidden row id (H2 counts rows before adding a constraint): start over
                closeStore(false);
                if (directory != null) {
                    TableDirectory.delete(directory);
                }
            }
            if (primaryKey != null || store != null) {
                throw DbException.get(ErrorCode.FEATURE_NOT_SUPPORTED_1, "tonbo tables: the primary key of "
                        + getName() + " is fixed once the table has been used; declare it in CREATE TABLE");
            }
            primaryKey = new TonboIndex(this, indexId, indexName, cols, uniqueColumnCount, indexType, null);
        }
        TonboIndex index = primaryKey;
        index.setTemporary(isTemporary());
        if (getId() != 0) {
            index.setComment(indexComment);
            if (isTemporary() && !isGlobalTemporary()) {
                session.addLocalTempTableIndex(index); // a session's own: another session may use the name too
            } else {
                database.addSchemaObject(session, index);
            }
        }
        return index;
    }

    /**
     * Refuses {@code ALTER TABLE ... DROP PRIMARY KEY} (or DROP CONSTRAINT of the key): the
     * files are sorted by the key and hold it; H2 would declare a table without one and fail to
     * open it again. H2 has already taken the constraint out of its schema when it gets here,
     * so it is put back before the error. Dropping the whole table passes.
     */
    @Override
    public void removeConstraint(org.h2.constraint.Constraint constraint) {
        if (!dropping && constraint.getConstraintType() == org.h2.constraint.Constraint.Type.PRIMARY_KEY) {
            try {
                constraint.getSchema().add(constraint);
            } catch (RuntimeException alreadyThere) {
                // still in the schema: nothing to restore
            }
            throw AlterColumns.refused(getName(), "the primary key cannot be dropped (the files are sorted by it); "
                    + "create a new table and copy the rows with INSERT ... SELECT");
        }
        super.removeConstraint(constraint);
    }

    @Override
    public void removeChildrenAndResources(SessionLocal session) {
        dropping = true;
        super.removeChildrenAndResources(session);
        closeStore(false); // the files go next: writing the memtable out first would be wasted
        if (directory != null) {
            TableDirectory.delete(directory);
        }
        if (params.s3() != null) {
            try {
                S3Tier.deleteAll(params.s3(), s3Prefix);
            } catch (TonboException | NoClassDefFoundError e) {
                throw DbException.get(ErrorCode.GENERAL_ERROR_1, e, "tonbo table " + getName() + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void close(SessionLocal session) {
        closed = true;
        closeStore(true);
    }

    /**
     * Rolls back open writes, closes cursors and the engine table; with {@code flush} (unless the
     * options turn it off) the memtable is first written to Parquet, so that a closed table's
     * rows are all in Parquet files and the next open replays no WAL.
     */
    private synchronized void closeStore(boolean flush) {
        for (SessionWrites w : writes.values()) {
            w.tx.rollback();
        }
        writes.clear();
        for (OpenCursors c : cursors.values()) {
            c.closeAll();
        }
        cursors.clear();
        if (store != null) {
            try {
                if (flush && params.options().flushOnClose()) {
                    try {
                        store.flush();
                    } catch (TonboException e) {
                        // the rows stay in the WAL, which the next open replays; closing goes on
                    }
                }
                store.close();
            } catch (TonboException e) {
                throw error(e);
            } finally {
                store = null;
                if (storage != null) {
                    closeQuietly(storage);
                    storage = null;
                }
            }
        }
    }

    /** Runs ADD COLUMN as an engine schema change; refuses every other ALTER (see {@link AlterColumns}). */
    @Override
    public void checkSupportAlter() {
        AlterColumns.Addition addition = AlterColumns.currentAddition(getName());
        if (addition != null) {
            addColumn(addition);
        }
    }

    @Override
    public TableType getTableType() {
        return TableType.TABLE;
    }

    @Override
    public long getMaxDataModificationId() {
        return lastModification;
    }

    @Override
    public boolean isDeterministic() {
        return true;
    }

    @Override
    public boolean canGetRowCount(SessionLocal session) {
        // A transaction that has written, or reads at REPEATABLE READ and above, reads its
        // snapshot: the committed count may have moved on since, so H2 counts the rows the
        // transaction sees instead.
        return writes.get(session) == null && !repeatableReads(session);
    }

    @Override
    public boolean canDrop() {
        return true;
    }

    @Override
    public long getRowCount(SessionLocal session) {
        store();
        SessionWrites w = writesOf(session);
        try {
            return rowCount.get() + (w == null ? 0 : w.rowDelta());
        } catch (TonboException e) { // e.g. a corrupt file met by the first count's key scan
            throw error(e);
        }
    }

    @Override
    public long getRowCountApproximation(SessionLocal session) {
        RowCount c = rowCount;
        return store == null || c == null ? 1000 : c.approximate();
    }

    // ---- shadow mirror (see Mirror) ---------------------------------------------------------

    /** The trigger-fed side of this table, for {@link ShadowTrigger}. */
    Mirror mirror() {
        return mirror;
    }

    /** The row codec of the open engine table (call {@link #engineTable()} first). */
    RowCodec codec() {
        return codec;
    }

    /** The primary key's columns, or null for a table with a hidden row id. */
    Column[] getPrimaryKeyColumns() {
        TonboIndex pk = primaryKey;
        return pk == null ? null : pk.getColumns();
    }

    boolean isClosedOrDropped() {
        return closed || dropping;
    }

    /** A mirror apply wrote a batch within sequences {@code [from, to]} that added {@code delta} rows. */
    void applied(long from, long to, long delta) {
        rowCount.committed(from, to, delta);
        lastModification = database.getNextModificationDataId();
    }

    /** The engine table, for maintenance calls (flush, compact) from SQL functions and tests. */
    public Table<Row> engineTable() {
        return store();
    }
}
