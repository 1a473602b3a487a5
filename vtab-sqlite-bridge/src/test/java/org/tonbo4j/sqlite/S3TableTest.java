package org.tonbo4j.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.tonbo4j.s3.S3Config;
import org.tonbo4j.s3.S3Storage;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code fs = 's3'} through sqlite-jdbc and {@link TonboSqlite#attach}, against a real S3 server
 * (s3proxy in this JVM on loopback, objects in memory, SigV4): create, insert, reopen in a new
 * connection, read; the whole table in S3 ({@code level = 0}) and hot levels local
 * ({@code level = 2}); DROP TABLE deletes the objects; bad arguments give clear errors that never
 * show the secret.
 */
class S3TableTest {
    private static final String BUCKET = "tonbo-sqlite";
    private static final String KEY = "sqlite-test-key";
    private static final String SECRET = "sqlite-test-secret-9f2c";
    private static S3Proxy proxy;
    private static String endpoint;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, KEY, SECRET).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        endpoint = "http://127.0.0.1:" + proxy.getPort();
        try (S3Client c = S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))).build()) {
            c.createBucket(b -> b.bucket(BUCKET));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.stop();
    }

    private static S3Config config(String prefix) {
        return S3Config.builder(BUCKET).endpoint(URI.create(endpoint)).pathStyle(true)
                .credentials(KEY, SECRET, null).prefix(prefix).build();
    }

    private static List<String> objects(String prefix) throws Exception {
        try (S3Storage s = S3Storage.open(config(prefix))) {
            return s.list("");
        }
    }

    private Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.enableLoadExtension(true);
        Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("app.db"));
        TonboSqlite.attach(c);
        return c;
    }

    private static String args(String path, String extra) {
        return "create_sql = 'create table t(id integer primary key, name text, amount real)', fs = 's3', path = '"
                + path + "', bucket = '" + BUCKET + "', key_id = '" + KEY + "', secret_key = '" + SECRET
                + "', endpoint = '" + endpoint + "', region = 'us-east-1'" + extra;
    }

    private static String rows(Connection c, String sql) throws SQLException {
        StringBuilder sb = new StringBuilder();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void roundTrip(String table, String path, String extra) throws Exception {
        try (Connection c = connect()) {
            exec(c, "CREATE VIRTUAL TABLE " + table + " USING tonbo(" + args(path, extra) + ")");
            exec(c, "INSERT INTO " + table + " VALUES (1, 'one', 1.5), (2, 'two', 2.5)");
            exec(c, "BEGIN");
            exec(c, "WITH RECURSIVE s(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM s WHERE value < 998) INSERT INTO " + table
                    + " SELECT value + 2, 'n' || value, value * 0.5 FROM s");
            exec(c, "COMMIT");
            assertEquals("1000|249254.5\n", rows(c, "SELECT count(*), sum(amount) FROM " + table));
        }
        try (Connection c = connect()) { // a persistent virtual table reconnects to the same objects
            assertEquals("1|one|1.5\n2|two|2.5\n", rows(c, "SELECT * FROM " + table + " WHERE id < 3"));
            assertEquals("1000\n", rows(c, "SELECT count(*) FROM " + table));
            exec(c, "UPDATE " + table + " SET name = 'uno' WHERE id = 1");
            assertEquals("uno\n", rows(c, "SELECT name FROM " + table + " WHERE id = 1"));
        }
    }

    @Test
    void wholeTableInS3() throws Exception {
        roundTrip("whole", "tables/whole", ", level = 0");
        assertTrue(objects("tables/whole").stream().anyMatch(n -> n.startsWith("wal/")), objects("tables/whole").toString());
        assertFalse(Files.exists(dir.resolve("tables/whole")), "level = 0 keeps nothing local");
        try (Connection c = connect()) {
            exec(c, "DROP TABLE whole");
        }
        assertEquals(List.of(), objects("tables/whole"));
    }

    @Test
    void hotLevelsLocalColdLevelsInS3() throws Exception {
        roundTrip("tiered", "tiered", "");
        assertTrue(Files.isDirectory(dir.resolve("tiered/wal")), "level = 2 (default) keeps the WAL at path");
        try (Connection c = connect()) {
            exec(c, "DROP TABLE tiered");
        }
        assertFalse(Files.exists(dir.resolve("tiered")));
    }

    @Test
    void badArgumentsAreClearAndNeverShowTheSecret() throws Exception {
        try (Connection c = connect()) {
            assertError(c, "create_sql = 'create table t(id integer primary key)', fs = 's3', path = 'x'", "needs bucket");
            assertError(c, args("bad1", ", endpoint2 = 'x'"), "unknown argument 'endpoint2'");
            assertError(c, args("bad2", "").replace(endpoint, "not a url"), "endpoint must be an http:// or https:// URL");
            assertError(c, args("bad3", ", level = 9"), "level must be an integer from 0 to 7");
            assertError(c, args("bad4", ", sign_payload = 'maybe'"), "sign_payload must be true or false");
            assertError(c, args("bad5", "").replace("key_id = '" + KEY + "', ", ""), "key_id and secret_key go together");
            assertError(c, args("bad6", ", level = 0").replace(SECRET, "wrong-secret-1234"), "at " + endpoint);
            assertError(c, args("bad7", ", level = 0").replace("bucket = '" + BUCKET, "bucket = 'no-such-bucket"), "at " + endpoint);
            // hot levels local, cold in S3: the error still names the bucket and endpoint
            assertError(c, args("bad8", ", level = 1").replace(SECRET, "wrong-secret-1234"), "s3://" + BUCKET + "/bad8");
            assertError(c, args("bad9", ", level = 1").replace(SECRET, "wrong-secret-1234"), "at " + endpoint);
            assertFalse(Files.exists(Path.of("bad8")) || Files.exists(Path.of("bad9")), "a failed CREATE leaves no local directory");
            assertError(c, "create_sql = 'create table t(id integer primary key)', path = 'x', bucket = 'b'",
                    "only applies to fs = 's3'");
        }
    }

    private static void assertError(Connection c, String arguments, String expected) {
        SQLException e = assertThrows(SQLException.class,
                () -> exec(c, "CREATE VIRTUAL TABLE temp.bad USING tonbo(" + arguments + ")"));
        String m = e.getMessage();
        assertTrue(m.contains(expected), m);
        assertFalse(m.contains(SECRET) || m.contains("wrong-secret-1234"), "the secret leaked: " + m);
    }

    @Test
    void dropTableDeletesALocalTableDisconnectKeepsIt() throws Exception {
        String create = "CREATE VIRTUAL TABLE loc USING tonbo(create_sql = 'create table loc(id integer primary key, v text)',"
                + " path = 'loc')";
        try (Connection c = connect()) {
            exec(c, create);
            exec(c, "INSERT INTO loc VALUES (1, 'a')");
        }
        try (Connection c = connect()) {
            assertEquals("1|a\n", rows(c, "SELECT * FROM loc"));
            exec(c, "DROP TABLE loc");
            assertFalse(Files.exists(dir.resolve("loc")));
            exec(c, create);
            assertEquals("", rows(c, "SELECT * FROM loc"), "a new table of the same path starts empty");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("loc")));
        }
    }
}
