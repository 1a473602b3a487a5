package org.tonbo4j.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tonbo scan TABLE [--from K] [--to K] ...}: rows in key order. */
@Command(name = "scan", mixinStandardHelpOptions = true, description = "Print rows in key order.")
final class ScanCommand implements Callable<Integer> {
    @Mixin
    TableOption table;

    @Mixin
    Progress.Switch progress;

    @Option(names = "--from", split = ",", description = "first key (or key prefix), inclusive; comma-separated columns")
    List<String> from;

    @Option(names = "--to", split = ",", description = "last key (or key prefix), inclusive; comma-separated columns")
    List<String> to;

    @Option(names = "--columns", split = ",", description = "only these columns (the key columns always)")
    List<String> columns;

    @Option(names = "--limit", description = "at most this many rows")
    Long limit;

    @Option(names = "--reverse", description = "descending key order")
    boolean reverse;

    @Option(names = "--format", description = "table, csv, json or arrow (Arrow IPC file, needs --output; default: ${DEFAULT-VALUE})",
            defaultValue = "table")
    RowWriter.Format format;

    @Option(names = "--output", description = "write to this file instead of standard output")
    java.nio.file.Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (TableOption opened = table; Table<Row> t = table.open()) {
            Schema s = t.schema();
            Scan.Builder b = Scan.builder().reverse(reverse);
            if (from != null) {
                b.from(values(s, from));
            }
            if (to != null) {
                b.to(values(s, to));
            }
            if (columns != null) {
                b.columns(columns.toArray(new String[0]));
            }
            if (limit != null) {
                b.limit(limit);
            }
            Scan built = b.build();
            if (format == RowWriter.Format.ARROW) {
                if (output == null) {
                    throw new IllegalArgumentException("--format arrow writes an Arrow IPC file: give it with --output FILE");
                }
                long n;
                try (Progress p = Progress.start(progress, spec.commandLine().getErr(), "scan", -1, "B",
                        () -> ExportCommand.sizeOf(output))) {
                    n = ArrowFile.write(t, built, output);
                }
                spec.commandLine().getOut().printf("%,d rows written to %s%n", n, output);
                return 0;
            }
            java.io.PrintWriter target = spec.commandLine().getOut();
            if (output != null) {
                try {
                    target = new java.io.PrintWriter(java.nio.file.Files.newBufferedWriter(output,
                            java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("cannot create " + output + ": " + e, e);
                }
            }
            long estimate = from == null && to == null && limit == null ? t.stats().levels().stream().mapToLong(l -> l.rows()).sum() : -1;
            try (java.io.PrintWriter closeMe = output == null ? null : target;
                 Progress p = output == null ? Progress.off()
                         : Progress.start(progress, spec.commandLine().getErr(), "scan", estimate, "rows", null)) {
                scanTo(t, s, built, target, p);
            }
        }
        return 0;
    }

    private void scanTo(Table<Row> t, Schema s, Scan scan, java.io.PrintWriter target, Progress p) {
        {
            RowWriter w = new RowWriter(target, format, s, columns);
            long n = 0;
            try (RowIterator<Row> it = t.scan(scan)) {
                while (it.hasNext()) {
                    w.write(s, it.next().values());
                    n++;
                    p.step();
                }
            }
            w.finish(n);
        }
    }

    private static Object[] values(Schema s, List<String> text) {
        int[] keys = s.keyIndexes();
        if (text.size() > keys.length) {
            throw new IllegalArgumentException("the key has " + keys.length + " column(s), got " + text.size() + " value(s)");
        }
        Object[] v = new Object[text.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = ValueParser.parse(s.column(keys[i]), text.get(i));
        }
        return v;
    }
}
