package org.tonbo4j.sqlite.internal;

import java.io.IOException;
import java.nio.channels.ByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.Transaction;
import org.tonbo4j.TransactionConflictException;

/**
 * One client connection: one virtual table of one SQLite connection. Serves requests in order
 * on the caller's thread until the peer closes; holds the open table, the current transaction,
 * the open cursors and the savepoints. Not thread-safe (one thread per session). Errors that
 * SQLite should see go back as ERR replies; a broken frame ends the session, which rolls back
 * an open transaction (nothing uncommitted is ever written).
 */
final class Session {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final ByteChannel channel;
    private final TableRegistry registry;
    private final FrameIn in = new FrameIn();
    private final FrameOut out = new FrameOut();
    private TableRegistry.Entry entry;
    private Schema schema;
    private String name;
    /** The SQLite connection this session serves: its process and handle, from OPEN. */
    private String connection;
    private Transaction<Row> tx;
    private final TreeMap<Integer, Integer> savepoints = new TreeMap<>();
    /** A savepoint taken when the transaction began, for a ROLLBACK TO before this table's first savepoint. */
    private int txStart;
    /**
     * The level of the savepoint SQLite opened when this table joined the transaction (before
     * it wrote anything: SQLite numbers it after the savepoints already open), or -1. A ROLLBACK
     * TO a lower level goes back to the transaction's start.
     */
    private int joinedAt = -1;
    /** Whether the transaction has not written yet. */
    private boolean fresh;
    private final Map<Integer, Cursor> cursors = new HashMap<>();
    private int nextCursor = 1;
    private Writes writes;

    Session(ByteChannel channel, TableRegistry registry) {
        this.channel = channel;
        this.registry = registry;
    }

    /** Serves until the peer closes or sends a malformed frame; always cleans up. */
    void run() {
        try {
            if (!in.read(channel)) {
                return;
            }
            hello();
            while (in.read(channel)) {
                serve(in.u8());
            }
        } catch (IOException | ProtocolException e) {
            LOG.log(System.Logger.Level.DEBUG, "session ended: " + e);
        } finally {
            cleanup();
        }
    }

    private void hello() throws IOException {
        int op = in.u8();
        int magic = op == Protocol.HELLO ? in.i32() : 0;
        int version = op == Protocol.HELLO ? in.u16() : 0;
        if (op != Protocol.HELLO || magic != Protocol.MAGIC) {
            throw new ProtocolException("the first frame is not a tonbo HELLO");
        }
        if (version != Protocol.VERSION) {
            error(Protocol.SQLITE_ERROR, "tonbo: the extension speaks protocol version " + version
                    + " but the sidecar speaks " + Protocol.VERSION + "; use the extension and sidecar jar of one release");
            throw new ProtocolException("protocol version mismatch");
        }
        out.start(Protocol.OK).u16(Protocol.VERSION).str("tonbo4j-sqlite").send(channel);
    }

    private void serve(int op) throws IOException {
        try {
            if (op == Protocol.DISCONNECT) {
                releaseTable();
                ok();
                return;
            }
            if (op != Protocol.OPEN && entry == null) {
                throw new ProtocolException("operation " + op + " before OPEN or after DESTROY");
            }
            switch (op) {
                case Protocol.OPEN: open(); break;
                case Protocol.SCAN: scan(); break;
                case Protocol.FETCH: fetch(in.i32()); break;
                case Protocol.CLOSE_CURSOR: closeCursor(in.i32()); return;
                case Protocol.WRITE: write(); break;
                case Protocol.BEGIN: begin(); break;
                case Protocol.COMMIT: commit(); break;
                case Protocol.ROLLBACK: rollback(); break;
                case Protocol.SAVEPOINT: savepoint(in.i32()); break;
                case Protocol.RELEASE: savepoints.tailMap(in.i32(), true).clear(); ok(); break;
                case Protocol.ROLLBACK_TO: rollbackTo(in.i32()); break;
                case Protocol.DESTROY: destroy(); break;
                default: throw new ProtocolException("unknown operation " + op);
            }
        } catch (SqlError e) {
            error(e.code(), e.getMessage());
        } catch (TransactionConflictException e) {
            tx = null;
            savepoints.clear();
            error(Protocol.SQLITE_BUSY, "tonbo: transaction conflict on " + name + ": " + e.getMessage());
        } catch (ProtocolException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "request failed", e);
            error(Protocol.SQLITE_ERROR, "tonbo: " + e);
        }
    }

    private void ok() throws IOException {
        out.start(Protocol.OK).send(channel);
    }

    private void error(int code, String message) throws IOException {
        out.start(Protocol.ERR).i32(code).str(message == null ? "error" : message).send(channel);
    }

    private void open() throws IOException {
        if (entry != null) {
            throw new ProtocolException("OPEN twice");
        }
        Path cwd = Path.of(in.str());
        in.str(); // schema name: informational
        name = in.str();
        int n = in.i32();
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            raw.add(in.str());
        }
        connection = Integer.toUnsignedString(in.i32()) + ":" + Long.toUnsignedString(in.i64(), 16);
        TableArgs args = TableArgs.parse(raw);
        CreateSql.Parsed parsed = CreateSql.parseDeclared(args.createSql());
        Schema s = parsed.schema();
        Path path = cwd.resolve(args.path()).toAbsolutePath().normalize();
        entry = registry.acquire(path, s, args, connection);
        schema = s;
        writes = new Writes(name, schema, parsed.rowidAlias()
                ? entry.keyAllocator(name, schema.column(schema.keyIndex(0)).name()) : null);
        out.start(Protocol.OK).str(CreateSql.declaration(schema)).u16(schema.columnCount()).u16(schema.keyColumnCount());
        for (int k = 0; k < schema.keyColumnCount(); k++) {
            out.u16(schema.keyIndex(k));
        }
        for (int c = 0; c < schema.columnCount(); c++) {
            out.u8(schema.column(c).type().kind() == org.tonbo4j.ColumnType.Kind.STRING ? Protocol.CLASS_TEXT : Protocol.CLASS_OTHER);
        }
        out.send(channel);
    }

    private void scan() throws IOException {
        long colMask = in.i64();
        int flags = in.u8();
        long limit = in.i64();
        long offset = in.i64();
        int nc = in.u16();
        List<Constraint> cons = new ArrayList<>();
        for (int i = 0; i < nc; i++) {
            int col = in.u16();
            int cop = in.u8();
            if (col >= schema.columnCount()) {
                throw new ProtocolException("constraint on column " + col + " of " + schema.columnCount());
            }
            SqlType.Affinity aff = SqlType.affinity(schema.column(col).type());
            if (cop == Protocol.OP_IN) {
                int m = in.i32();
                List<Object> vals = new ArrayList<>();
                for (int j = 0; j < m; j++) {
                    vals.add(SqlValues.withAffinity(aff, in.value()));
                }
                cons.add(new Constraint(col, cop, null, vals));
            } else if (cop == Protocol.OP_ISNULL || cop == Protocol.OP_ISNOTNULL) {
                cons.add(new Constraint(col, cop, null, null));
            } else {
                cons.add(new Constraint(col, cop, SqlValues.withAffinity(aff, in.value()), null));
            }
        }
        ScanPlan plan = new ScanPlan(schema, cons, colMask, (flags & Protocol.SCAN_REVERSE) != 0);
        Transaction<Row> t = tx;
        Cursor c = t != null
                ? new Cursor(schema, plan, colMask, offset, limit, t::scan, null)
                : new Cursor(schema, plan, colMask, offset, limit, entry.table::scan,
                        entry.table::scanBatches);
        int id = nextCursor++;
        cursors.put(id, c);
        rows(id, c);
    }

    private void fetch(int id) throws IOException {
        Cursor c = cursors.get(id);
        if (c == null) {
            throw new SqlError("tonbo: the sidecar has no cursor " + id + " (it restarted): run the statement again");
        }
        rows(id, c);
    }

    /** ROWS reply: u8 status, i32 cursor id, u8 eof, i32 row count, rows (see {@link Cursor#fill}). */
    private void rows(int id, Cursor c) throws IOException {
        out.start(Protocol.ROWS).i32(id).u8(0).i32(0);
        int n = c.fill(out);
        out.patchU8(9, c.done() ? 1 : 0);
        out.patchI32(10, n);
        if (c.done()) {
            cursors.remove(id);
        }
        out.send(channel);
    }

    private void closeCursor(int id) {
        Cursor c = cursors.remove(id);
        if (c != null) {
            c.close();
        }
    }

    private void write() throws IOException {
        boolean implicit = tx == null;
        Transaction<Row> t = implicit ? entry.table.begin() : tx;
        fresh = false;
        try {
            writes.apply(in, t);
            if (implicit) {
                t.commit();
            }
        } finally {
            if (implicit && t.isOpen()) {
                t.rollback();
            }
        }
        ok();
    }

    private void begin() throws IOException {
        if (tx != null) {
            tx.rollback();
        }
        tx = entry.table.begin();
        savepoints.clear();
        txStart = tx.savepoint();
        joinedAt = -1;
        fresh = true;
        ok();
    }

    private void commit() throws IOException {
        Transaction<Row> t = tx;
        tx = null;
        savepoints.clear();
        if (t != null) {
            t.commit();
        }
        ok();
    }

    private void rollback() throws IOException {
        if (tx != null) {
            tx.rollback();
        }
        tx = null;
        savepoints.clear();
        ok();
    }

    private void savepoint(int level) throws IOException {
        if (tx == null) {
            throw new SqlError("tonbo: SAVEPOINT outside a transaction");
        }
        if (fresh && joinedAt < 0) {
            joinedAt = level;
        }
        savepoints.tailMap(level, true).clear();
        savepoints.put(level, tx.savepoint());
        ok();
    }

    private void rollbackTo(int level) throws IOException {
        if (tx == null) {
            throw new SqlError("tonbo: ROLLBACK TO savepoint " + level + " outside a transaction");
        }
        // SQLite numbers savepoints across the whole transaction, and a table that joined it
        // later (its first write came after SAVEPOINT n) holds none at n: everything it wrote
        // came after n, so its first savepoint from n on, or the start of its transaction,
        // marks the same state
        // level -1: the SAVEPOINT that opened the transaction without BEGIN (SQLite does not
        // number it for virtual tables)
        java.util.Map.Entry<Integer, Integer> at = level < 0 || level < joinedAt ? null : savepoints.ceilingEntry(level);
        tx.rollbackTo(at != null ? at.getValue() : txStart);
        savepoints.tailMap(level, false).clear();
        ok();
    }

    private void destroy() throws IOException {
        if (tx != null) {
            tx.rollback();
            tx = null;
        }
        savepoints.clear();
        for (Cursor c : cursors.values()) {
            c.close();
        }
        cursors.clear();
        TableRegistry.Entry e = entry;
        try {
            registry.destroy(e, name, connection);
        } finally {
            if (e.refs == 0) { // closed, even if deleting a file failed: this session holds nothing now
                entry = null;
            }
        }
        ok();
    }

    /** Rolls back, closes the cursors and releases the table (closing it if no other session has it). */
    private void releaseTable() {
        for (Cursor c : cursors.values()) {
            c.close();
        }
        cursors.clear();
        if (tx != null) {
            tx.rollback();
            tx = null;
        }
        savepoints.clear();
        if (entry != null) {
            TableRegistry.Entry e = entry;
            entry = null;
            registry.release(e, connection);
        }
    }

    private void cleanup() {
        releaseTable();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "close: " + e);
        }
    }
}
