package org.tonbo4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The columns of a table and its primary key. Immutable and thread-safe.
 *
 * <p>The primary key is one or more columns, in key order; key columns are never null.
 * Rows are ordered by the key columns' natural order (first column first): numbers by value,
 * strings by Unicode code point (their UTF-8 bytes), binaries by unsigned bytes, booleans false
 * before true, dates and timestamps chronologically, decimals by value.
 */
public final class Schema {
    private final List<Column> columns;
    private final int[] keyIndexes;
    private final Map<String, Integer> byName;
    private final boolean[] isKey;
    /** Per column, the Java class of its values ({@link Row#of} checks them per row). */
    private final Class<?>[] javaClasses;

    private Schema(List<Column> columns, int[] keyIndexes) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one column");
        }
        if (keyIndexes.length == 0) {
            throw new IllegalArgumentException("a schema needs a primary key of at least one column");
        }
        this.byName = new HashMap<>();
        List<Column> cols = new ArrayList<>(columns);
        this.javaClasses = new Class<?>[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
            javaClasses[i] = cols.get(i).type().javaClass();
        }
        for (int i = 0; i < cols.size(); i++) {
            if (byName.put(cols.get(i).name(), i) != null) {
                throw new IllegalArgumentException("duplicate column name: " + cols.get(i).name());
            }
        }
        boolean[] seen = new boolean[cols.size()];
        for (int k : keyIndexes) {
            if (k < 0 || k >= cols.size()) {
                throw new IllegalArgumentException("key column index out of range: " + k);
            }
            if (seen[k]) {
                throw new IllegalArgumentException("key column repeated: " + cols.get(k).name());
            }
            seen[k] = true;
            Column c = cols.get(k);
            if (c.nullable()) {
                cols.set(k, c.asRequired());
            }
        }
        this.columns = Collections.unmodifiableList(cols);
        this.keyIndexes = keyIndexes.clone();
        this.isKey = seen;
    }

    /** Starts a schema. */
    /** The Java class of column {@code i}'s values. */
    Class<?> javaClass(int i) {
        return javaClasses[i];
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A schema from columns and the names of the key columns, in key order. */
    public static Schema of(List<Column> columns, List<String> keyColumns) {
        Builder b = builder();
        columns.forEach(b::column);
        b.primaryKey(keyColumns.toArray(new String[0]));
        return b.build();
    }

    public List<Column> columns() {
        return columns;
    }

    public int columnCount() {
        return columns.size();
    }

    public Column column(int index) {
        return columns.get(index);
    }

    /** The index of a column by exact name, or -1. */
    public int indexOf(String name) {
        Integer i = byName.get(name);
        return i == null ? -1 : i;
    }

    /** The index of a column by exact name; throws if there is none. */
    public int requireIndex(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column named '" + name + "' in " + this);
        }
        return i;
    }

    /** Indexes of the key columns, in key order. */
    public int[] keyIndexes() {
        return keyIndexes.clone();
    }

    public int keyColumnCount() {
        return keyIndexes.length;
    }

    /** Index of the i-th key column. */
    public int keyIndex(int i) {
        return keyIndexes[i];
    }

    public boolean isKeyColumn(int index) {
        return isKey[index];
    }

    /** Whether both schemas have the same columns (names, types, nullability) and key. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Schema && ((Schema) o).columns.equals(columns)
                && Arrays.equals(((Schema) o).keyIndexes, keyIndexes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(columns, Arrays.hashCode(keyIndexes));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(columns.get(i));
        }
        sb.append(", PRIMARY KEY(");
        for (int i = 0; i < keyIndexes.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(columns.get(keyIndexes[i]).name());
        }
        return sb.append("))").toString();
    }

    /** Builds a {@link Schema}; not thread-safe. */
    public static final class Builder {
        private final List<Column> columns = new ArrayList<>();
        private final List<String> key = new ArrayList<>();

        private Builder() {
        }

        public Builder column(Column column) {
            columns.add(Objects.requireNonNull(column, "column"));
            return this;
        }

        /** Adds a nullable column. */
        public Builder column(String name, ColumnType type) {
            return column(Column.nullable(name, type));
        }

        public Builder column(String name, ColumnType type, boolean nullable) {
            return column(Column.of(name, type, nullable));
        }

        /** Sets the primary key columns, in key order. */
        public Builder primaryKey(String... names) {
            key.clear();
            key.addAll(Arrays.asList(names));
            return this;
        }

        public Schema build() {
            int[] idx = new int[key.size()];
            for (int i = 0; i < idx.length; i++) {
                int found = -1;
                for (int c = 0; c < columns.size(); c++) {
                    if (columns.get(c).name().equals(key.get(i))) {
                        found = c;
                    }
                }
                if (found < 0) {
                    throw new IllegalArgumentException("primary key column '" + key.get(i) + "' is not a column");
                }
                idx[i] = found;
            }
            return new Schema(columns, idx);
        }
    }
}
