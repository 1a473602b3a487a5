package org.tonbo4j.sqlite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real sqlite3 shell with the built extension: a script on stdin, a private socket
 * directory per test, a time limit (a hang fails the test instead of blocking the build).
 */
final class Shell {
    static final Path NATIVE = Path.of(System.getProperty("tonbo.native.dir", "target/native")).toAbsolutePath();
    static final Path EXTENSION = NATIVE.resolve("libsqlite_tonbo.so");

    final Path dir;
    final Path sockets;
    final int idleSeconds;

    Shell(Path dir) throws IOException {
        this(dir, 20);
    }

    /** A shell whose spawned sidecar exits after {@code idleSeconds} without connections. */
    Shell(Path dir, int idleSeconds) throws IOException {
        this.dir = dir;
        this.idleSeconds = idleSeconds;
        this.sockets = Files.createDirectories(dir.resolve("sock"));
        Files.setPosixFilePermissions(sockets, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    /** The result of one shell run. */
    record Result(int exit, String out, String err) {
    }

    /** Runs {@code sqlite3 [db]} with the extension loaded first; db may be null for in-memory. */
    Result run(String db, String script) throws IOException, InterruptedException {
        return run(db, script, java.util.Map.of());
    }

    /** As {@link #run(String, String)} with {@code env} added to the shell's environment. */
    Result run(String db, String script, java.util.Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = db == null ? List.of("sqlite3") : List.of("sqlite3", db);
        // an absolute database path runs the shell from the socket directory: another working directory
        Path cwd = db != null && Path.of(db).isAbsolute() ? sockets : dir;
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("TONBO_SOCKET_DIR", sockets.toString());
        pb.environment().put("TONBO_SIDECAR_IDLE", String.valueOf(idleSeconds));
        pb.environment().put("TONBO_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().putAll(env);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        p.getOutputStream().write((".load " + EXTENSION.toString().replaceAll("\\.so$", "") + "\n" + script)
                .getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("sqlite3 did not finish within 120 s; script:\n" + script);
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Stops the sidecar this directory's sockets belong to (it would idle out anyway). */
    void stopSidecar() throws IOException, InterruptedException {
        Path pid = sockets.resolve("sidecar.pid");
        if (Files.exists(pid)) {
            long id = Long.parseLong(Files.readString(pid).trim());
            ProcessHandle.of(id).ifPresent(h -> {
                h.destroy();
                h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }
}
