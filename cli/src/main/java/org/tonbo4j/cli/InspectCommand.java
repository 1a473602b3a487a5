package org.tonbo4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.TableFile;
import org.tonbo4j.TableStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tonbo inspect TABLE}: schema, sequence numbers, levels and every file. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a table's schema, levels and files (rows, sizes, key and sequence ranges).")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    TableOption table;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try (TableOption opened = table; Table<Row> t = table.open()) {
            TableStats stats = t.stats();
            out.println("table     " + table.location());
            out.println("schema    " + t.schema());
            out.println("sequence  " + t.lastSequence());
            out.printf("files     %d, %,d bytes%n", stats.totalFiles(), stats.totalBytes());
            if (!t.pinnedSnapshots().isEmpty()) {
                out.println("snapshots " + t.pinnedSnapshots());
            }
            for (TableStats.Level l : stats.levels()) {
                if (l.files() > 0) {
                    out.printf("L%d        %d file(s), %,d bytes, %,d rows%n", l.level(), l.files(), l.bytes(), l.rows());
                }
            }
            List<TableFile> files = t.files();
            if (!files.isEmpty()) {
                out.println();
                out.printf("%-5s %-24s %14s %12s %-23s %s%n", "level", "file", "bytes", "rows", "sequences", "keys");
                for (TableFile f : files) {
                    out.printf("L%-4d %-24s %,14d %,12d %-23s %s .. %s%n", f.level(), f.name(), f.bytes(), f.rows(),
                            f.minSeq() + ".." + f.maxSeq(), key(f.minKey()), key(f.maxKey()));
                }
            }
        }
        return 0;
    }

    private static String key(List<Object> key) {
        return key.size() == 1 ? String.valueOf(key.get(0)) : key.toString();
    }
}
