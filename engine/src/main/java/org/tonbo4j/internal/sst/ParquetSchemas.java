package org.tonbo4j.internal.sst;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * The Parquet schema of an SST (format version 1): the user columns in schema order, then the
 * system columns {@value #SEQ} and {@value #TOMBSTONE}. Key columns are REQUIRED, other user
 * columns OPTIONAL (a tombstone carries nulls there). The type mapping is frozen within a format
 * version; see docs/format/sst.md. Stateless.
 */
final class ParquetSchemas {
    /** Sequence number of the row version: INT64, required. */
    static final String SEQ = "_tonbo_seq";
    /** Whether the row version is a delete: BOOLEAN, required. */
    static final String TOMBSTONE = "_tonbo_tombstone";
    /** Name of the Parquet message. */
    static final String MESSAGE = "tonbo";
    /** Width of FIXED_LEN_BYTE_ARRAY decimals (precision 19 to 38). */
    static final int DECIMAL_FIXED_BYTES = 16;

    private ParquetSchemas() {
    }

    /** The Parquet schema of SSTs of {@code schema}. */
    static MessageType messageType(Schema schema) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (int i = 0; i < schema.columnCount(); i++) {
            b.addField(field(schema.column(i), schema.isKeyColumn(i)));
        }
        b.addField(Types.required(PrimitiveTypeName.INT64).named(SEQ));
        b.addField(Types.required(PrimitiveTypeName.BOOLEAN).named(TOMBSTONE));
        return b.named(MESSAGE);
    }

    /** The Parquet schema of a plain export of {@code schema}: its columns only, no system columns. */
    static MessageType plainMessageType(Schema schema) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (int i = 0; i < schema.columnCount(); i++) {
            b.addField(field(schema.column(i), schema.isKeyColumn(i)));
        }
        return b.named(MESSAGE);
    }

    /** Index of the sequence column in the Parquet schema. */
    static int seqIndex(Schema schema) {
        return schema.columnCount();
    }

    /** Index of the tombstone column in the Parquet schema. */
    static int tombstoneIndex(Schema schema) {
        return schema.columnCount() + 1;
    }

    private static PrimitiveType field(Column c, boolean key) {
        Type.Repetition rep = key ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
        ColumnType t = c.type();
        switch (t.kind()) {
            case BOOLEAN:
                return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(c.name());
            case INT8:
                return Types.primitive(PrimitiveTypeName.INT32, rep)
                        .as(LogicalTypeAnnotation.intType(8, true)).named(c.name());
            case INT16:
                return Types.primitive(PrimitiveTypeName.INT32, rep)
                        .as(LogicalTypeAnnotation.intType(16, true)).named(c.name());
            case INT32:
                return Types.primitive(PrimitiveTypeName.INT32, rep).named(c.name());
            case INT64:
                return Types.primitive(PrimitiveTypeName.INT64, rep).named(c.name());
            case FLOAT32:
                return Types.primitive(PrimitiveTypeName.FLOAT, rep).named(c.name());
            case FLOAT64:
                return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(c.name());
            case STRING:
                return Types.primitive(PrimitiveTypeName.BINARY, rep)
                        .as(LogicalTypeAnnotation.stringType()).named(c.name());
            case BINARY:
                return Types.primitive(PrimitiveTypeName.BINARY, rep).named(c.name());
            case DATE:
                return Types.primitive(PrimitiveTypeName.INT32, rep)
                        .as(LogicalTypeAnnotation.dateType()).named(c.name());
            case TIMESTAMP:
                return Types.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS)).named(c.name());
            case TIMESTAMP_TZ:
                return Types.primitive(PrimitiveTypeName.INT64, rep)
                        .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(c.name());
            case DECIMAL: {
                LogicalTypeAnnotation dec = LogicalTypeAnnotation.decimalType(t.scale(), t.precision());
                if (t.precision() <= 9) {
                    return Types.primitive(PrimitiveTypeName.INT32, rep).as(dec).named(c.name());
                }
                if (t.precision() <= 18) {
                    return Types.primitive(PrimitiveTypeName.INT64, rep).as(dec).named(c.name());
                }
                return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep).length(DECIMAL_FIXED_BYTES)
                        .as(dec).named(c.name());
            }
            default:
                throw new AssertionError(t);
        }
    }
}
