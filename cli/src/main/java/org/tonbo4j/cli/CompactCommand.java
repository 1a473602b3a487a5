package org.tonbo4j.cli;

import java.util.concurrent.Callable;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.TableStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tonbo compact TABLE}: flush and compact everything into one level. */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Flush the memtable and compact every file into one level.")
final class CompactCommand implements Callable<Integer> {
    @Mixin
    TableOption table;

    @Mixin
    Progress.Switch progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        try (TableOption opened = table; Table<Row> t = table.open()) {
            TableStats before = t.stats();
            long start = System.nanoTime();
            try (Progress p = Progress.start(progress, spec.commandLine().getErr(), "compact", -1, "B", null)) {
                t.compact();
            }
            TableStats after = t.stats();
            out.printf("compacted in %.2f s: %d file(s), %,d bytes -> %d file(s), %,d bytes%n",
                    (System.nanoTime() - start) / 1e9, before.totalFiles(), before.totalBytes(), after.totalFiles(),
                    after.totalBytes());
        }
        return 0;
    }
}
