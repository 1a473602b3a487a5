package org.tonbo4j.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Tonbo tables with {@code fs=s3}: cold levels in a real S3 server (s3proxy in this JVM, SigV4). */
class S3TableTest {
    static final String BUCKET = "h2-tonbo";
    static final String KEY = "h2-test-key";
    static final String SECRET = "h2-test-secret-do-not-print";
    static S3Proxy proxy;
    static URI endpoint;
    static S3Client client;

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
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET))).build();
        client.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        proxy.stop();
    }

    static List<String> objects(String prefix) {
        return client.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                .map(o -> o.key()).collect(Collectors.toList());
    }

    String with(String prefix, String... more) {
        StringBuilder sb = new StringBuilder(" ENGINE \"tonbo\" WITH \"fs=s3\", \"bucket=" + BUCKET + "\", \"endpoint="
                + endpoint + "\", \"region=us-east-1\", \"prefix=" + prefix + "\"");
        for (String m : more) {
            sb.append(", \"").append(m).append('"');
        }
        return sb.toString();
    }

    @Test
    void coldLevelsLiveInTheBucketAndSurviveReopenAndDrop() throws Exception {
        String create = "CREATE TABLE ev(id BIGINT PRIMARY KEY, kind VARCHAR, val DOUBLE)"
                + with("h2/ev", "key_id=" + KEY, "secret_key=" + SECRET, "level=1");
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, create);
            Sql.exec(c, "INSERT INTO ev SELECT x, 'k' || MOD(x, 5), x * 0.5 FROM SYSTEM_RANGE(1, 20000)");
            TonboFunctions.compact(c, "EV");
            assertTrue(objects("h2/ev/").stream().anyMatch(k -> k.endsWith(".parquet")), objects("h2/ev/").toString());
            Sql.exec(c, "INSERT INTO ev VALUES (20001, 'late', 1)");
        }
        try (Connection c = Sql.open(dir, "db")) {
            assertEquals("20001|100005001", Sql.one(c, "SELECT COUNT(*), SUM(val) FROM ev"));
            assertEquals("k3|4000", Sql.one(c, "SELECT kind, COUNT(*) FROM ev WHERE kind = 'k3' GROUP BY kind"));
            Sql.exec(c, "DROP TABLE ev");
            assertEquals(List.of(), objects("h2/ev/"));
        }
    }

    @Test
    void credentialsCanComeFromTheDefaultChain() throws Exception {
        System.setProperty("aws.accessKeyId", KEY);
        System.setProperty("aws.secretAccessKey", SECRET);
        try (Connection c = Sql.open(dir, "db")) {
            Sql.exec(c, "CREATE TABLE t(id INT PRIMARY KEY, v INT)" + with("h2/chain", "level=0"));
            Sql.exec(c, "INSERT INTO t SELECT x, x FROM SYSTEM_RANGE(1, 100)");
            TonboFunctions.flush(c, "T");
            assertEquals("100", Sql.one(c, "SELECT COUNT(*) FROM t"));
            assertFalse(objects("h2/chain/").isEmpty());
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    /** The message without the statement text H2 appends to every error (which holds what the user wrote). */
    static String ownPart(SQLException e) {
        String m = e.getMessage();
        int at = m.indexOf("; SQL statement:");
        return at < 0 ? m : m.substring(0, at);
    }

    @Test
    void badParametersAndCredentialsAreClearErrorsWithoutTheSecret() throws Exception {
        try (Connection c = Sql.open(dir, "db")) {
            String wrong = "wrong-secret-42";
            SQLException e = assertThrows(SQLException.class, () -> {
                Sql.exec(c, "CREATE TABLE w(id INT PRIMARY KEY)" + with("h2/w", "key_id=" + KEY, "secret_key=" + wrong, "level=0"));
                Sql.exec(c, "INSERT INTO w VALUES 1");
            });
            assertFalse(ownPart(e).contains(wrong), e.getMessage());
            assertTrue(e.getMessage().contains("s3://" + BUCKET + "/h2/w"), e.getMessage());
            for (String[] bad : new String[][] {
                {"\"fs=s3\"", "bucket"},
                {"\"fs=ftp\"", "fs=ftp"},
                {"\"bucket=b\"", "fs=s3"},
                {"\"fs=s3\", \"bucket=b\", \"key_id=AKIA-SHOWN-NOWHERE\"", "secret_key"},
                {"\"fs=s3\", \"bucket=b\", \"level=9\"", "level=9"},
                {"\"fs=s3\", \"bucket=b\", \"secret_key=" + wrong + "\", \"secret_key=" + wrong + "\"", "twice"},
                {"\"fs=s3\", \"bucket=b\", \"endpoint=not a uri\"", "endpoint"},
            }) {
                SQLException p = assertThrows(SQLException.class,
                        () -> Sql.exec(c, "CREATE TABLE p(id INT PRIMARY KEY) ENGINE \"tonbo\" WITH " + bad[0]), bad[0]);
                assertTrue(p.getMessage().contains(bad[1]), bad[0] + ": " + p.getMessage());
                assertFalse(ownPart(p).contains(wrong) || ownPart(p).contains("AKIA-SHOWN-NOWHERE"), p.getMessage());
            }
        }
    }
}
