package org.tonbo4j.cli;

import java.util.concurrent.Callable;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tonbo verify TABLE}: reads every file end to end. Exit code 2 on any problem. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Read every data file and check checksums, row order and the manifest's invariants. Exits with 2 on a problem.")
final class VerifyCommand implements Callable<Integer> {
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
            VerifyReport r;
            try (Progress p = Progress.start(progress, spec.commandLine().getErr(), "verify", -1, "B", null)) {
                r = t.verify();
            }
            out.printf("%d file(s), %,d row(s) read: %s%n", r.files(), r.rows(), r.ok() ? "ok" : r.problems().size() + " problem(s)");
            r.problems().forEach(p -> out.println("  " + p));
            return r.ok() ? 0 : 2;
        }
    }
}
