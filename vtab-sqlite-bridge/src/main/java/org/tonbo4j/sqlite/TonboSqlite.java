package org.tonbo4j.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.tonbo4j.sqlite.internal.SidecarServer;

/**
 * Tonbo tables in a Java application's own SQLite connections (sqlite-jdbc), served from this
 * JVM: no second process. {@link #attach} loads the extension bundled in this jar into the
 * connection and points it at a sidecar server running inside this JVM, started on first use.
 *
 * <pre>{@code
 * SQLiteConfig config = new SQLiteConfig();
 * config.enableLoadExtension(true);
 * try (Connection c = config.createConnection("jdbc:sqlite:app.db")) {
 *     TonboSqlite.attach(c);
 *     c.createStatement().execute("CREATE VIRTUAL TABLE t USING tonbo(create_sql = 'create table t(id bigint primary key, v text)', path = 'db_path/t')");
 * }
 * }</pre>
 *
 * <p>Thread-safe. The server and the tables it opened live until the JVM exits (a shutdown hook
 * closes the tables cleanly). Linux x86-64 and aarch64, like the bundled extension.
 */
public final class TonboSqlite {
    private static SidecarServer server;
    private static Path library;

    private TonboSqlite() {
    }

    /**
     * Loads the tonbo extension into a SQLite connection whose extension loading is enabled
     * ({@code SQLiteConfig.enableLoadExtension(true)} in sqlite-jdbc) and serves its tables from
     * this JVM.
     *
     * @throws SQLException if the connection refuses to load extensions (the message says how to enable it)
     */
    public static void attach(Connection connection) throws SQLException {
        Path lib;
        Path socket;
        synchronized (TonboSqlite.class) {
            start();
            lib = library;
            socket = server.socket();
        }
        try (PreparedStatement load = connection.prepareStatement("SELECT load_extension(?)")) {
            load.setString(1, lib.toString());
            load.execute();
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("not authorized")) {
                throw new SQLException("this SQLite connection does not allow loading extensions: open it with"
                        + " SQLiteConfig.enableLoadExtension(true) (sqlite-jdbc)", e);
            }
            throw e;
        }
        try (PreparedStatement point = connection.prepareStatement("SELECT tonbo_socket(?)")) {
            point.setString(1, socket.toString());
            point.execute();
        }
    }

    /** The in-JVM server's socket (starting the server if needed), e.g. to attach other SQLite clients. */
    public static synchronized Path socket() {
        start();
        return server.socket();
    }

    private static void start() {
        if (server != null) {
            return;
        }
        try {
            Path dir = Files.createTempDirectory("tonbo-sqlite-");
            library = dir.resolve("libsqlite_tonbo.so");
            try (InputStream in = TonboSqlite.class.getResourceAsStream("native/libsqlite_tonbo.so")) {
                if (in == null) {
                    throw new IllegalStateException("the tonbo-sqlite jar holds no native/libsqlite_tonbo.so for this platform");
                }
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
            SidecarServer s = SidecarServer.start(dir.resolve("sidecar.sock"), null);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                s.close();
                try {
                    Files.deleteIfExists(library);
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // best effort: a temp directory left behind is harmless
                }
            }, "tonbo-sqlite-shutdown"));
            server = s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the in-JVM tonbo sidecar", e);
        }
    }
}
