package org.tonbo4j.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

class CreateSqlTest {
    @Test
    void parsesTypesKeysAndQuotedNames() {
        Schema s = CreateSql.parse("CREATE TABLE \"my t\"(id BIGINT PRIMARY KEY, \"na\"\"me\" VARCHAR(20) NOT NULL, r REAL, d DOUBLE PRECISION,"
                + " t TEXT, b BLOB, f BOOLEAN, day DATE, ts TIMESTAMP, tz TIMESTAMP WITH TIME ZONE, m DECIMAL(10, 2), s SMALLINT, [x] TINYINT, `y` int);");
        assertEquals(List.of(ColumnType.INT64, ColumnType.STRING, ColumnType.FLOAT64, ColumnType.FLOAT64, ColumnType.STRING,
                ColumnType.BINARY, ColumnType.BOOLEAN, ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.TIMESTAMP_TZ,
                ColumnType.decimal(10, 2), ColumnType.INT16, ColumnType.INT8, ColumnType.INT64),
                s.columns().stream().map(c -> c.type()).toList());
        assertEquals("na\"me", s.column(1).name());
        assertEquals("x", s.column(12).name());
        assertEquals(0, s.keyIndex(0));
        assertTrue(!s.column(1).nullable());
        Schema k = CreateSql.parse("create table t(a text, b int, primary key(a))");
        assertEquals(0, k.keyIndex(0));
        assertEquals("CREATE TABLE x(\"a\" TEXT NOT NULL, \"b\" INTEGER, PRIMARY KEY(\"a\")) WITHOUT ROWID", CreateSql.declaration(k));
        Schema two = CreateSql.parse("create table t(a text, b int, v blob, primary key(b, a))");
        assertEquals(1, two.keyIndex(0));
        assertEquals("CREATE TABLE x(\"a\" TEXT NOT NULL, \"b\" INTEGER NOT NULL, \"v\" BLOB)", CreateSql.declaration(two));
    }

    @Test
    void rejectsWhatItCannotHonour() {
        String[][] bad = {
            {"create table t(id int)", "needs a PRIMARY KEY"},
            {"create table t(id int primary key, v int default 3)", "'default' is not supported"},
            {"create table t(id int primary key, unique(id))", "UNIQUE is not supported"},
            {"create table t(id int primary key, v)", "needs a type"},
            {"create table t(id int primary key, v decimal(50,2))", "decimal precision"},
            {"create table t(id int primary key, v int", "unclosed"},
            {"create table t(id int primary key, id text)", "duplicate column"},
            {"create table t(a int, primary key(z))", "not a column"},
            {"select 1", "expected CREATE"},
            {"create table t(id int primary key) extra", "after the column list"},
        };
        for (String[] c : bad) {
            SqlError e = assertThrows(SqlError.class, () -> CreateSql.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
        }
    }
}
