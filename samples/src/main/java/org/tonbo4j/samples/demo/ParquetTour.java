package org.tonbo4j.samples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.TableFile;
import org.tonbo4j.Tonbo;
import org.tonbo4j.storage.LocalStorage;

/**
 * The last step of the demo: lists the Parquet files of a closed tonbo table (from its manifest)
 * and answers a query over them with DuckDB, using the live-rows query of docs/format/sst.md.
 */
final class ParquetTour {
    private ParquetTour() {
    }

    /** The DuckDB SQL reading the live rows of a table keyed on {@code key} from {@code files}. */
    static String liveRows(List<Path> files, String key) {
        String list = files.stream().map(p -> "'" + p.toString().replace("'", "''") + "'").collect(Collectors.joining(", "));
        return "SELECT * EXCLUDE (_tonbo_seq, _tonbo_tombstone) FROM read_parquet([" + list + "])"
                + " QUALIFY row_number() OVER (PARTITION BY " + key + " ORDER BY _tonbo_seq DESC) = 1 AND NOT _tonbo_tombstone";
    }

    /** The current data files of the table in {@code dir}, printed as a table; returns their paths. */
    static List<Path> listFiles(Path dir, PrintStream out) throws IOException {
        List<Path> paths = new ArrayList<>();
        try (LocalStorage storage = new LocalStorage(dir);
             Table<Row> table = Tonbo.open(storage, Options.defaults())) {
            out.printf(Locale.ROOT, "  %-5s %-28s %14s %12s  %s%n", "level", "file", "bytes", "rows", "keys");
            for (TableFile f : table.files()) {
                out.printf(Locale.ROOT, "  L%-4d %-28s %,14d %,12d  %s .. %s%n", f.level(), f.name(), f.bytes(), f.rows(),
                        f.minKey(), f.maxKey());
                paths.add(dir.resolve(f.name()).toAbsolutePath());
            }
        }
        return paths;
    }

    /** Runs {@code sql} (with {@code %s} standing for the live rows) in an in-memory DuckDB; returns the first row. */
    static List<Object> duckdb(String liveRows, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(String.format(Locale.ROOT, sql, "(" + liveRows + ")"))) {
            rs.next();
            List<Object> row = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.add(rs.getObject(i));
            }
            return row;
        }
    }
}
