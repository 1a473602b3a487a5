package org.tonbo4j;

/** Converts between a table's row type and the engine's value arrays (schema order). Thread-safe. */
interface RowMapper<R> {
    Schema schema();

    /** The row's values in schema order (not yet normalized). */
    Object[] toValues(R row);

    /** A row from values in schema order; the array may be kept by the row. */
    R fromValues(Object[] values);

    /** Rows of dynamic tables. */
    static RowMapper<Row> dynamic(Schema schema) {
        return new RowMapper<>() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public Object[] toValues(Row row) {
                if (row.schema() != schema && !row.schema().equals(schema)) {
                    throw new IllegalArgumentException("row has schema " + row.schema() + " but the table has " + schema);
                }
                return row.rawValues();
            }

            @Override
            public Row fromValues(Object[] values) {
                return Row.wrap(schema, values);
            }
        };
    }
}
