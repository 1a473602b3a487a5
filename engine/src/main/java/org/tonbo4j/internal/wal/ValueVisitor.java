package org.tonbo4j.internal.wal;

/**
 * Receives the values of one encoded row in schema order ({@link RowCodec#visitRow}), as the
 * primitives the row encoding holds, without building a Java object per value. Which method a
 * column gets depends only on its type:
 *
 * <ul>
 *   <li>{@link #visitInt}: INT8, INT16, INT32;
 *   <li>{@link #visitLong}: INT64; DATE as its epoch day; TIMESTAMP and TIMESTAMP_TZ as
 *       microseconds since the epoch; DECIMAL of precision up to 18 as its unscaled value;
 *   <li>{@link #visitBytes}: STRING as UTF-8; BINARY; DECIMAL of precision above 18 as its
 *       unscaled value in big-endian two's complement, minimal length;
 *   <li>{@link #visitBoolean}, {@link #visitFloat}, {@link #visitDouble}: as named.
 * </ul>
 *
 * A null value gets {@link #visitNull}. Byte ranges point into the caller's buffer and are valid
 * only as long as it is unchanged.
 */
public interface ValueVisitor {
    void visitNull(int column);

    void visitBoolean(int column, boolean v);

    void visitInt(int column, int v);

    void visitLong(int column, long v);

    void visitFloat(int column, float v);

    void visitDouble(int column, double v);

    void visitBytes(int column, byte[] bytes, int offset, int length);
}
