package org.tonbo4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.tonbo4j.internal.db.Db;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.Storage;

/**
 * Opens tables. A table lives in one {@link Storage} (a local directory for the {@link Path}
 * overloads); opening creates it if it does not exist, or reopens it and recovers its writes.
 * One process at a time may open a table (a lock file guards it).
 *
 * <pre>{@code
 * record User(@PrimaryKey String name, @Nullable String email, byte age) {}
 *
 * try (Table<User> users = Tonbo.open(Path.of("./db_path/users"), User.class)) {
 *     users.insert(new User("Alice", "alice@example.com", (byte) 30));
 *     users.get("Alice").ifPresent(System.out::println);
 * }
 * }</pre>
 */
public final class Tonbo {
    private Tonbo() {
    }

    /** Opens a typed table of records in a local directory with default options. */
    public static <T extends Record> Table<T> open(Path directory, Class<T> recordClass) {
        return open(directory, recordClass, Options.defaults());
    }

    /** Opens a typed table of records in a local directory. */
    public static <T extends Record> Table<T> open(Path directory, Class<T> recordClass, Options options) {
        return open(local(directory), recordClass, options);
    }

    /** Opens a typed table of records in any storage. */
    public static <T extends Record> Table<T> open(Storage storage, Class<T> recordClass, Options options) {
        RecordMapper<T> mapper = RecordMapper.of(recordClass);
        return new TonboTable<>(Db.open(storage, mapper.schema(), Objects.requireNonNull(options, "options")), mapper);
    }

    /** Opens a dynamic table in a local directory with default options. */
    public static Table<Row> open(Path directory, Schema schema) {
        return open(directory, schema, Options.defaults());
    }

    /** Opens a dynamic table in a local directory. */
    public static Table<Row> open(Path directory, Schema schema, Options options) {
        return open(local(directory), schema, options);
    }

    /** Opens a dynamic table in any storage. */
    public static Table<Row> open(Storage storage, Schema schema, Options options) {
        Objects.requireNonNull(schema, "schema");
        return new DynamicTable(storage, schema, Objects.requireNonNull(options, "options"));
    }

    /**
     * Adds a column to the closed table in {@code storage} (schema evolution; see
     * {@link Table#addColumn}) and returns the new schema. Works for typed tables too: open them
     * afterwards with a record class whose last component is the new column. Takes the table's
     * lock for the duration.
     *
     * @throws IllegalArgumentException if there is no table there, a column of that name exists,
     *         or the column is NOT NULL without a default
     */
    public static Schema addColumn(Storage storage, Column column, Options options) {
        Schema old = storedSchema(storage).orElseThrow(() -> new IllegalArgumentException(
                "there is no tonbo table in " + storage.describe()));
        Schema next = withColumn(old, column);
        Db.openEvolving(storage, old, next, Objects.requireNonNull(options, "options")).close();
        return next;
    }

    /** {@code schema} with {@code column} appended, checked for an added column's rules. */
    static Schema withColumn(Schema schema, Column column) {
        Objects.requireNonNull(column, "column");
        if (schema.indexOf(column.name()) >= 0) {
            throw new IllegalArgumentException("the table already has a column named '" + column.name() + "'");
        }
        if (!column.nullable() && column.defaultValue() == null) {
            throw new IllegalArgumentException("column '" + column.name() + "' is NOT NULL: an added column needs a "
                    + "default for the rows written before it, or must be nullable");
        }
        java.util.List<Column> cols = new java.util.ArrayList<>(schema.columns());
        cols.add(column);
        java.util.List<String> key = new java.util.ArrayList<>();
        for (int k : schema.keyIndexes()) {
            key.add(schema.column(k).name());
        }
        return Schema.of(cols, key);
    }

    /**
     * Opens a read-only view of a table written by another process (for example on another
     * machine, for a table in S3): a consistent committed state, moved forward by
     * {@link ReadOnlyTable#refresh()}. The view takes no lock and changes nothing in
     * {@code storage}; background compaction and the flush at close are off in it.
     */
    public static ReadOnlyTable<Row> openReadOnly(Storage storage, Schema schema, Options options) {
        Objects.requireNonNull(schema, "schema");
        Options o = Objects.requireNonNull(options, "options").toBuilder().compactionEnabled(false).flushOnClose(false).build();
        return new ReadOnlyTable<>(storage, s -> open(s, schema, o));
    }

    /** Opens a read-only view of a typed table; see {@link #openReadOnly(Storage, Schema, Options)}. */
    public static <T extends Record> ReadOnlyTable<T> openReadOnly(Storage storage, Class<T> recordClass, Options options) {
        Options o = Objects.requireNonNull(options, "options").toBuilder().compactionEnabled(false).flushOnClose(false).build();
        return new ReadOnlyTable<>(storage, s -> open(s, recordClass, o));
    }

    /**
     * The schema of the table stored in {@code storage} (from its manifest), or empty if there
     * is no table there. Reads only; takes no lock.
     *
     * @throws CorruptionException if the manifest is damaged
     */
    public static java.util.Optional<Schema> storedSchema(Storage storage) {
        java.util.List<org.tonbo4j.internal.manifest.VersionEdit> edits;
        try {
            edits = org.tonbo4j.internal.manifest.ManifestReader.readCurrent(storage);
        } catch (java.io.IOException e) {
            throw new TonboException("cannot read the manifest in " + storage.describe() + ": " + e, e);
        }
        return edits == null ? java.util.Optional.empty() : java.util.Optional.ofNullable(edits.get(0).schema);
    }

    /**
     * Opens an existing table with the schema it was created with, as dynamic rows (for tools
     * that do not know the schema).
     *
     * @throws IllegalArgumentException if there is no table in {@code storage}
     */
    public static Table<Row> open(Storage storage, Options options) {
        Schema schema = storedSchema(storage).orElseThrow(() -> new IllegalArgumentException(
                "there is no tonbo table in " + storage.describe()));
        return open(storage, schema, options);
    }

    /** The schema a record class maps to (for inspection and for dynamic access to typed tables). */
    public static Schema schemaOf(Class<? extends Record> recordClass) {
        return RecordMapper.of(recordClass).schema();
    }

    private static Storage local(Path directory) {
        Objects.requireNonNull(directory, "directory");
        try {
            return new LocalStorage(directory);
        } catch (IOException e) {
            throw new TonboException("cannot create table directory " + directory + ": " + e, e);
        }
    }
}
