package org.tonbo4j.h2;

import org.h2.api.TableEngine;
import org.h2.command.ddl.CreateTableData;
import org.h2.table.Table;
import org.tonbo4j.h2.internal.EngineParams;
import org.tonbo4j.h2.internal.H2Table;

/**
 * H2 table engine whose tables are tonbo LSM tables with Parquet files:
 * {@code CREATE TABLE t(...) ENGINE "tonbo" [WITH "key=value", ...]}. The class {@code tonbo}
 * in the default package extends this one so that H2 finds it by that name. H2 calls
 * {@link #createTable} on CREATE TABLE and again for every such table when the database opens.
 * Stateless and thread-safe; see docs/h2.md.
 */
public class TonboTableEngine implements TableEngine {

    @Override
    public Table createTable(CreateTableData data) {
        return new H2Table(data, EngineParams.parse(data.tableEngineParams));
    }
}
