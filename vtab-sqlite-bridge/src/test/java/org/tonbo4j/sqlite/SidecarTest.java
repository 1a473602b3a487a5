package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.sqlite.internal.SidecarServer;

/** The sidecar's life: shared by processes, idle shutdown, handshake and malformed frames. */
class SidecarTest {
    @TempDir
    Path dir;

    @Test
    void severalProcessesShareOneSidecarAndItShutsDownWhenIdle() throws Exception {
        Shell shell = new Shell(dir, 4);
        String create = "CREATE VIRTUAL TABLE temp.t USING tonbo(create_sql = 'create table t(id int primary key, who text)', path = 'shared');\n";
        List<Thread> threads = new ArrayList<>();
        List<Shell.Result> results = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            int base = p * 1000;
            Thread t = new Thread(() -> {
                try {
                    Shell.Result r = shell.run(null, create + "WITH RECURSIVE c(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM c WHERE i < 499)"
                            + " INSERT INTO t SELECT " + base + " + i, 'p" + base + "' FROM c;\n");
                    synchronized (results) {
                        results.add(r);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (Shell.Result r : results) {
            assertEquals("", r.err());
        }
        long pid = Long.parseLong(Files.readString(shell.sockets.resolve("sidecar.pid")).trim());
        Shell.Result count = shell.run(null, create + "SELECT count(*), count(DISTINCT who) FROM t;\n");
        assertEquals("1500|3\n", count.out(), count.err());
        assertEquals(pid, Long.parseLong(Files.readString(shell.sockets.resolve("sidecar.pid")).trim()), "one sidecar served all");
        // TONBO_SIDECAR_IDLE=4: with no connection left it exits by itself
        ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
        h.onExit().get(60, TimeUnit.SECONDS);
        assertFalse(h.isAlive());
        assertFalse(Files.exists(shell.sockets.resolve("sidecar.sock")), "the socket is removed at shutdown");
    }

    /** A malformed numeric setting in the environment is an error naming it, not a silent default. */
    @Test
    void malformedEnvironmentSettingsAreClearErrors() throws Exception {
        Shell shell = new Shell(dir, 4);
        String create = "CREATE VIRTUAL TABLE temp.t USING tonbo(create_sql = 'create table t(id int primary key)', path = 'env');\n";
        for (String[] bad : new String[][] {{"TONBO_TIMEOUT_MS", "abc"}, {"TONBO_TIMEOUT_MS", "0"}, {"TONBO_SPIN_US", "-5"},
                {"TONBO_SIDECAR_IDLE", "10s"}, {"TONBO_SPAWN_TIMEOUT_MS", "99999999999999999999"}}) {
            Shell.Result r = shell.run(null, create, java.util.Map.of(bad[0], bad[1]));
            assertTrue(r.err().contains(bad[0] + "='" + bad[1] + "' is not a whole number"),
                    bad[0] + "=" + bad[1] + ": " + r.err());
        }
        Shell.Result ok = shell.run(null, create + "INSERT INTO t VALUES (7);\nSELECT id FROM t;\n",
                java.util.Map.of("TONBO_TIMEOUT_MS", "60000"));
        assertEquals("7\n", ok.out(), ok.err());
        shell.stopSidecar();
    }

    /** A started sidecar that never listens fails the statement after the spawn timeout and is stopped, not left running. */
    @Test
    void aSidecarThatNeverListensIsStopped() throws Exception {
        Shell shell = new Shell(dir, 4);
        Path fake = dir.resolve("fakejava");
        Path pidFile = dir.resolve("fake.pid");
        Files.writeString(fake, "#!/bin/sh\necho $$ > " + pidFile + "\nexec sleep 600\n");
        fake.toFile().setExecutable(true);
        String create = "CREATE VIRTUAL TABLE temp.t USING tonbo(create_sql = 'create table t(id int primary key)', path = 'never');\n";
        Shell.Result r = shell.run(null, create, java.util.Map.of("TONBO_JAVA", fake.toString(), "TONBO_SPAWN_TIMEOUT_MS", "1500"));
        assertTrue(r.err().contains("did not listen") && r.err().contains("was stopped"), r.err());
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the spawned process is gone");
    }

    @Test
    void handshakeRefusesAnotherVersionAndGarbageClosesOnlyThatConnection() throws Exception {
        try (SidecarServer server = SidecarServer.start(dir.resolve("s/sidecar.sock"), null)) {
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
                ByteBuffer hello = ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN);
                hello.putInt(7).put((byte) 1).putInt(0x53424E54).putShort((short) 99).flip();
                ch.write(hello);
                String reply = readAll(ch);
                assertTrue(reply.contains("protocol version 99") && reply.contains("speaks " + org.tonbo4j.sqlite.internal.Protocol.VERSION), reply);
            }
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
                ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f, 1, 2, 3}));
                assertEquals("", readAll(ch), "a malformed frame closes the connection without a reply");
            }
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(server.socket()))) {
                ByteBuffer hello = ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN);
                hello.putInt(7).put((byte) 1).putInt(0x53424E54).putShort((short) org.tonbo4j.sqlite.internal.Protocol.VERSION).flip();
                ch.write(hello);
                ByteBuffer head = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN);
                while (head.hasRemaining() && ch.read(head) >= 0) {
                    // read the OK reply header
                }
                assertEquals(0, head.get(4), "the server still accepts well-formed peers");
            }
        }
    }

    @Test
    void concurrentWritersOfOneKeyConflictCleanly() throws Exception {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.enableLoadExtension(true);
        String create = "CREATE VIRTUAL TABLE temp.t USING tonbo(create_sql = 'create table t(id int primary key, v int)', path = '"
                + dir.resolve("conflict") + "')";
        try (java.sql.Connection a = config.createConnection("jdbc:sqlite::memory:");
             java.sql.Connection b = config.createConnection("jdbc:sqlite::memory:")) {
            TonboSqlite.attach(a);
            TonboSqlite.attach(b);
            a.createStatement().execute(create);
            b.createStatement().execute(create);
            a.createStatement().execute("INSERT INTO t VALUES (1, 0)");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            a.createStatement().execute("UPDATE t SET v = v + 1 WHERE id = 1");
            b.createStatement().execute("UPDATE t SET v = v + 10 WHERE id = 1");
            b.commit();
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class, a::commit);
            assertTrue(e.getMessage().contains("transaction conflict"), e.getMessage());
            a.setAutoCommit(true);
            try (java.sql.ResultSet rs = a.createStatement().executeQuery("SELECT v FROM t WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(10, rs.getInt(1), "the first commit wins, the conflicting one wrote nothing");
            }
        }
    }

    private static String readAll(SocketChannel ch) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4096);
        try {
            while (ch.read(b) >= 0 && b.hasRemaining()) {
                // until the server closes
            }
        } catch (java.net.SocketException reset) {
            // closed with our bytes unread: a reset is a close too
        }
        return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
    }
}
