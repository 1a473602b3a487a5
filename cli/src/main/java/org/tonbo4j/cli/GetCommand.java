package org.tonbo4j.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tonbo get TABLE KEY...}: one row by its primary key. Exit code 3 if absent. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Print the row with the given primary key (one value per key column). Exits with 3 if there is none.")
final class GetCommand implements Callable<Integer> {
    @Mixin
    TableOption table;

    @Parameters(index = "1..*", paramLabel = "KEY", description = "the key column values, in key order")
    List<String> key;

    @Option(names = "--format", description = "table, csv or json (default: ${DEFAULT-VALUE})", defaultValue = "table")
    RowWriter.Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (TableOption opened = table; Table<Row> t = table.open()) {
            Schema s = t.schema();
            int[] keys = s.keyIndexes();
            if (key == null || key.size() != keys.length) {
                throw new IllegalArgumentException("the key of this table has " + keys.length + " column(s), got "
                        + (key == null ? 0 : key.size()) + " value(s)");
            }
            Object[] k = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                k[i] = ValueParser.parse(s.column(keys[i]), key.get(i));
            }
            Optional<Row> row = t.get(k);
            RowWriter w = new RowWriter(spec.commandLine().getOut(), format, s, null);
            row.ifPresent(r -> w.write(s, r.values()));
            w.finish(row.isPresent() ? 1 : 0);
            return row.isPresent() ? 0 : 3;
        }
    }
}
