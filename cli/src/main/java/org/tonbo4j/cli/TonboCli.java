package org.tonbo4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tonbo} command: tools for tables on local disk. Each subcommand opens the table
 * with the schema stored in it, so no schema is needed on the command line.
 */
@Command(name = "tonbo", mixinStandardHelpOptions = true, version = "tonbo 0.1.0",
        description = "Inspect, read, verify and compact tonbo4j tables.",
        subcommands = {InspectCommand.class, GetCommand.class, ScanCommand.class, VerifyCommand.class,
                CompactCommand.class, ExportCommand.class})
public final class TonboCli {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new TonboCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("tonbo: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}
