package org.tonbo4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.s3.S3Config;
import org.tonbo4j.s3.S3Storage;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every command of the tonbo tool against a table in S3 (s3proxy in this JVM on loopback),
 * with credentials from the SDK's default chain (here its system properties), which never
 * appear in the output; progress bars when asked for.
 */
class TonboCliS3Test {
    private static final String BUCKET = "cli-test";
    private static final String ACCESS_KEY = "cli-access-key";
    private static final String SECRET_KEY = "cli-secret-key-never-printed";
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("name", ColumnType.STRING).primaryKey("id").build();
    private static S3Proxy server;
    private static URI endpoint;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        server = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        server.start();
        while (!"STARTED".equals(server.getState())) {
            Thread.sleep(10);
        }
        endpoint = URI.create("http://127.0.0.1:" + server.getPort());
        try (S3Client c = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build()) {
            c.createBucket(b -> b.bucket(BUCKET));
        }
        // The SDK's default credentials chain reads these first (then the environment, profiles, roles).
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        S3Config config = S3Config.builder(BUCKET).prefix("tables/items").endpoint(endpoint).pathStyle(true)
                .credentials(ACCESS_KEY, SECRET_KEY, null).build();
        try (S3Storage s3 = S3Storage.open(config);
             Table<Row> t = Tonbo.open(s3, SCHEMA, Options.builder().memtableBytes(16 << 10).build())) {
            List<Row> rows = new ArrayList<>();
            for (long i = 0; i < 2000; i++) {
                rows.add(Row.of(SCHEMA, i, "item " + i));
            }
            t.insertAll(rows);
            t.flush();
            t.delete(5L);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        server.stop();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--endpoint", endpoint.toString(), "--path-style", "--region", "us-east-1"));
        int code = TonboCli.run(all.toArray(new String[0]), new PrintWriter(out, true), new PrintWriter(err, true));
        assertFalse(out.toString().contains(SECRET_KEY) || err.toString().contains(SECRET_KEY), "the secret is never printed");
        return code;
    }

    private static final String TABLE = "s3://" + BUCKET + "/tables/items";

    @Test
    void everyCommandRunsOnAnS3Table() throws Exception {
        assertEquals(0, run("inspect", TABLE), err.toString());
        assertTrue(out.toString().contains("table     " + TABLE) && out.toString().contains("id INT64 NOT NULL"), out.toString());
        assertEquals(0, run("get", TABLE, "7", "--format", "csv"), err.toString());
        assertTrue(out.toString().contains("item 7"), out.toString());
        assertEquals(3, run("get", TABLE, "5"), "deleted key: exit 3");
        assertEquals(0, run("scan", TABLE, "--from", "10", "--to", "12", "--format", "csv"), err.toString());
        assertTrue(out.toString().contains("item 11") && !out.toString().contains("item 13"), out.toString());
        Path csv = dir.resolve("all.csv");
        assertEquals(0, run("scan", TABLE, "--format", "csv", "--output", csv.toString(), "--progress"), err.toString());
        assertEquals(1 + 1999, Files.readAllLines(csv).size(), "header and every live row");
        assertTrue(err.toString().contains("scan") && err.toString().contains("rows"), "a progress bar: " + err);
        assertEquals(0, run("verify", TABLE, "--progress"), err.toString());
        assertTrue(out.toString().contains("ok"), out.toString());
        assertTrue(err.toString().contains("verify"), "a progress bar: " + err);
        assertEquals(0, run("compact", TABLE, "--progress"), err.toString());
        assertTrue(out.toString().contains("compacted"), out.toString());
        assertTrue(err.toString().contains("compact"), "a progress bar: " + err);
        Path parquet = dir.resolve("items.parquet");
        assertEquals(0, run("export", TABLE, parquet.toString(), "--no-progress"), err.toString());
        assertTrue(out.toString().contains("exported 1,999 rows"), out.toString());
        assertTrue(err.toString().isEmpty(), "no bar with --no-progress: " + err);
        assertTrue(Files.size(parquet) > 0);
        assertEquals(0, run("get", TABLE, "1999"), err.toString());
        assertTrue(out.toString().contains("item 1999"), "the compacted table still reads: " + out);
    }

    @Test
    void wrongS3TablesFailClearly() {
        assertEquals(1, run("inspect", "s3://" + BUCKET + "/no/such/table"));
        assertTrue(err.toString().contains("no table at s3://" + BUCKET + "/no/such/table/"), err.toString());
        assertEquals(1, run("inspect", "s3:///x"));
        assertTrue(err.toString().contains("no bucket"), err.toString());
    }
}
