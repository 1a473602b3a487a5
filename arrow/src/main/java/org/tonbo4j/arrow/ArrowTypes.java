package org.tonbo4j.arrow;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.tonbo4j.Column;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * The Arrow type of every engine column type: integers and floats to their Arrow widths, STRING
 * to Utf8, BINARY to Binary, DATE to Date(DAY), TIMESTAMP to Timestamp(MICROSECOND) without and
 * TIMESTAMP_TZ with time zone "UTC", DECIMAL(p,s) to Decimal(p,s,128). Stateless.
 */
public final class ArrowTypes {
    private ArrowTypes() {
    }

    /** The Arrow type of a column type. */
    public static ArrowType of(ColumnType t) {
        switch (t.kind()) {
            case BOOLEAN: return ArrowType.Bool.INSTANCE;
            case INT8: return new ArrowType.Int(8, true);
            case INT16: return new ArrowType.Int(16, true);
            case INT32: return new ArrowType.Int(32, true);
            case INT64: return new ArrowType.Int(64, true);
            case FLOAT32: return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case FLOAT64: return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case STRING: return ArrowType.Utf8.INSTANCE;
            case BINARY: return ArrowType.Binary.INSTANCE;
            case DATE: return new ArrowType.Date(DateUnit.DAY);
            case TIMESTAMP: return new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TIMESTAMP_TZ: return new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
            case DECIMAL: return new ArrowType.Decimal(t.precision(), t.scale(), 128);
            default: throw new AssertionError(t);
        }
    }

    /** The Arrow schema of the given columns of a table (all of them when {@code columns} is null). */
    public static org.apache.arrow.vector.types.pojo.Schema schema(Schema schema, boolean[] columns) {
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < schema.columnCount(); i++) {
            if (columns == null || columns[i]) {
                Column c = schema.column(i);
                fields.add(new Field(c.name(), new FieldType(c.nullable(), of(c.type()), null), null));
            }
        }
        return new org.apache.arrow.vector.types.pojo.Schema(fields);
    }
}
