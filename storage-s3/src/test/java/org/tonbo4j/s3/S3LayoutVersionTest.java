package org.tonbo4j.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.TableLockedException;
import org.tonbo4j.Tonbo;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Layout versions (docs/format/s3-objects.md): a table whose objects follow layout version 1
 * (data objects as today, an unleased {@code LOCK} object left by a crashed version 1 writer)
 * is refused with a clear error until {@code breakLock}, then opens with every row; a version 2
 * writer leaves exactly the lock generations the spec describes.
 */
class S3LayoutVersionTest {
    private static S3Client raw() {
        return S3Client.builder().endpointOverride(S3TestServer.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY))).build();
    }

    private static List<String> keys(S3Client c, String prefix) {
        List<String> out = new ArrayList<>();
        for (S3Object o : c.listObjectsV2(b -> b.bucket(S3TestServer.BUCKET).prefix(prefix)).contents()) {
            out.add(o.key().substring(prefix.length()));
        }
        return out;
    }

    @Test
    void version1LockWithoutLeaseIsRefusedUntilBroken() throws Exception {
        S3Config config = S3TestServer.config("layout-v1").build();
        try (S3Storage s3 = S3Storage.open(config); S3Client c = raw()) {
            try (Table<Row> t = Tonbo.open(s3, Workload.SCHEMA, Workload.OPTIONS)) {
                for (long i = 0; i < 100; i++) {
                    t.insert(Row.of(Workload.SCHEMA, i, "v" + i));
                }
                t.flush();
            }
            // Turn the table into what a crashed version 1 writer leaves: no lock generations,
            // one LOCK object with the version 1 text.
            for (String k : keys(c, config.prefix())) {
                if (k.startsWith("LOCK")) {
                    c.deleteObject(b -> b.bucket(S3TestServer.BUCKET).key(config.prefix() + k));
                }
            }
            c.putObject(b -> b.bucket(S3TestServer.BUCKET).key(config.prefix() + "LOCK"),
                    RequestBody.fromString("pid 4242 on host-a since 2026-11-23T22:00:00Z", StandardCharsets.UTF_8));
            TableLockedException e = assertThrows(TableLockedException.class, () -> Tonbo.open(s3, Workload.SCHEMA, Workload.OPTIONS));
            assertTrue(e.getMessage().contains("pid 4242 on host-a") && e.getMessage().contains("without a lease"), e.getMessage());
            s3.breakLock();
            try (Table<Row> t = Tonbo.open(s3, Workload.SCHEMA, Workload.OPTIONS)) {
                for (long i = 0; i < 100; i++) {
                    assertEquals("v" + i, t.get(i).orElseThrow().getString("v"));
                }
            }
        }
    }

    @Test
    void version2LockObjectsAreAsSpecified() throws Exception {
        S3Config config = S3TestServer.config("layout-v2").build();
        try (S3Storage s3 = S3Storage.open(config); S3Client c = raw()) {
            for (int round = 1; round <= 3; round++) {
                try (Table<Row> t = Tonbo.open(s3, Workload.SCHEMA, Workload.OPTIONS)) {
                    t.insert(Row.of(Workload.SCHEMA, (long) round, "r" + round));
                    String gen = String.format("%012d", round - 1);
                    String held = c.getObjectAsBytes(b -> b.bucket(S3TestServer.BUCKET)
                            .key(config.prefix() + "LOCK~g" + gen)).asUtf8String();
                    assertTrue(held.startsWith("holder=pid " + ProcessHandle.current().pid() + " on "), held);
                        assertTrue(held.contains("\ntoken=") && held.contains("\nlease-ms=30000\n") && held.endsWith("\nstate=held\n"), held);
                }
                List<String> locks = keys(c, config.prefix() + "LOCK");
                assertEquals(List.of("~g" + String.format("%012d", round - 1)), locks, "one generation per writer, older ones deleted");
                String released = c.getObjectAsBytes(b -> b.bucket(S3TestServer.BUCKET)
                        .key(config.prefix() + "LOCK" + locks.get(0))).asUtf8String();
                assertTrue(released.endsWith("\nstate=released\n"), released);
            }
        }
    }
}
