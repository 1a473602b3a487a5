package org.tonbo4j.sqlite.internal;

import java.util.List;

/**
 * One pushed-down WHERE term on a column: an operator of {@link Protocol} ({@code OP_*}) and
 * its operand(s), already converted with the column's affinity. Immutable.
 */
record Constraint(int column, int op, Object value, List<Object> values) {

    /** Whether a row's SQLite value of the column satisfies the term, as SQLite would decide. */
    boolean test(Object v) {
        switch (op) {
            case Protocol.OP_ISNULL: return v == null;
            case Protocol.OP_ISNOTNULL: return v != null;
            default: break;
        }
        if (v == null) {
            return false;
        }
        if (op == Protocol.OP_IN) {
            for (Object x : values) {
                if (x != null && SqlValues.compare(v, x) == 0) {
                    return true;
                }
            }
            return false;
        }
        if (value == null) {
            return false;
        }
        int c = SqlValues.compare(v, value);
        switch (op) {
            case Protocol.OP_EQ: return c == 0;
            case Protocol.OP_NE: return c != 0;
            case Protocol.OP_LT: return c < 0;
            case Protocol.OP_LE: return c <= 0;
            case Protocol.OP_GT: return c > 0;
            case Protocol.OP_GE: return c >= 0;
            default: throw new ProtocolException("unknown constraint operator " + op);
        }
    }
}
