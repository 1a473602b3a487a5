package org.tonbo4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.tonbo4j.Row;
import org.tonbo4j.Snapshot;
import org.tonbo4j.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tonbo export TABLE FILE}: a consistent snapshot as one plain Parquet file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the live rows of a consistent snapshot to a plain Parquet file (no system columns) "
                + "for Spark, Trino, DuckDB or pandas.")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    TableOption table;

    @Mixin
    Progress.Switch progress;

    @Parameters(index = "1", paramLabel = "FILE", description = "the Parquet file to write (must not exist)")
    Path file;

    @Option(names = "--snapshot", description = "export this named snapshot instead of the current state")
    String snapshot;

    @Spec
    CommandSpec spec;

    static long sizeOf(Path file) {
        try {
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.size(file) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    @Override
    public Integer call() {
        try (TableOption opened = table; Table<Row> t = table.open(); Snapshot<Row> s = snapshot == null ? t.snapshot() : t.snapshot(snapshot)) {
            long start = System.nanoTime();
            long rows;
            try (Progress p = Progress.start(progress, spec.commandLine().getErr(), "export", -1, "B", () -> sizeOf(file))) {
                rows = s.exportParquet(file);
            }
            spec.commandLine().getOut().printf("exported %,d rows at sequence %d to %s in %.2f s%n", rows, s.sequence(), file,
                    (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }
}
