package org.tonbo4j.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import org.tonbo4j.sqlite.internal.SidecarServer;

/**
 * The sidecar process the SQLite extension talks to: serves tonbo tables over a Unix domain
 * socket. Usually started by the extension itself ({@code java -jar tonbo-sqlite-sidecar.jar});
 * see docs/sqlite.md.
 *
 * <pre>
 * java -jar tonbo-sqlite-sidecar.jar --socket /tmp/tonbo-sqlite-0/sidecar.sock [--idle-seconds 300]
 * </pre>
 *
 * <p>{@code --idle-seconds 0} never shuts down. The process id is written to {@code sidecar.pid}
 * next to the socket. Exit status: 0 after an idle shutdown, 2 on bad
 * arguments, 3 when another sidecar already serves the socket.
 */
public final class Sidecar {
    private Sidecar() {
    }

    public static void main(String[] args) throws Exception {
        Path socket = null;
        long idleSeconds = 300;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--socket") && i + 1 < args.length) {
                socket = Path.of(args[++i]);
            } else if (a.equals("--idle-seconds") && i + 1 < args.length) {
                try {
                    idleSeconds = Long.parseLong(args[++i]);
                } catch (NumberFormatException e) {
                    usage("--idle-seconds wants a number, got " + args[i]);
                }
            } else {
                usage("unknown argument " + a);
            }
        }
        if (socket == null) {
            usage("--socket is required");
        }
        SidecarServer server;
        try {
            server = SidecarServer.start(socket, idleSeconds > 0 ? Duration.ofSeconds(idleSeconds) : null);
        } catch (IllegalStateException e) {
            System.err.println("tonbo sidecar: " + e.getMessage());
            System.exit(3);
            return;
        }
        Path pidFile = socket.toAbsolutePath().resolveSibling("sidecar.pid");
        java.nio.file.Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tonbo-sidecar-shutdown"));
        System.err.println("tonbo sidecar: serving " + socket + " (pid " + ProcessHandle.current().pid() + ")");
        server.awaitClose();
        java.nio.file.Files.deleteIfExists(pidFile);
    }

    private static void usage(String problem) {
        System.err.println("tonbo sidecar: " + problem);
        System.err.println("usage: java -jar tonbo-sqlite-sidecar.jar --socket PATH [--idle-seconds N]");
        System.exit(2);
    }
}
