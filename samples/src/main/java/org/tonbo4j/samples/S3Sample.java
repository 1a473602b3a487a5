package org.tonbo4j.samples;

import java.net.URI;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.tonbo4j.Nullable;
import org.tonbo4j.Options;
import org.tonbo4j.PrimaryKey;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.s3.S3Config;
import org.tonbo4j.s3.S3Storage;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A table in S3: writes rows, flushes them to a Parquet object, lists the table's objects,
 * reopens the table from the bucket and reads it back, with the S3 request counts.
 *
 * <p>Run from the repository root: {@code scripts/sample.sh S3Sample} starts a real S3 server
 * (s3proxy, objects in memory) on a loopback port and uses it; {@code scripts/sample.sh S3Sample
 * ENDPOINT BUCKET ACCESS_KEY SECRET_KEY [REGION]} uses an existing S3-compatible store (the bucket
 * must exist; the table goes under the prefix {@code samples/events}). Its test runs it in the test suite.
 */
public final class S3Sample {
    /** An event; the id is the primary key. */
    public record Event(@PrimaryKey long id, String kind, @Nullable String payload) {
    }

    private S3Sample() {
    }

    public static void main(String[] args) throws Exception {
        S3Proxy local = null;
        S3Config.Builder config;
        if (args.length >= 4) {
            config = S3Config.builder(args[1]).endpoint(URI.create(args[0])).pathStyle(true)
                    .credentials(args[2], args[3], null).region(args.length > 4 ? args[4] : "us-east-1");
        } else {
            local = startLocalS3("sample-key", "sample-secret", "samples");
            URI endpoint = URI.create("http://127.0.0.1:" + local.getPort());
            System.out.println("started a local S3 server at " + endpoint);
            config = S3Config.builder("samples").endpoint(endpoint).pathStyle(true)
                    .credentials("sample-key", "sample-secret", null).region("us-east-1");
        }
        S3Config s3 = config.prefix("samples/events").build();
        try {
            try (S3Storage storage = S3Storage.open(s3);
                 Table<Event> events = Tonbo.open(storage, Event.class, Options.defaults())) {
                for (long id = 0; id < 1_000; id++) {
                    events.insert(new Event(id, id % 3 == 0 ? "click" : "view", id % 10 == 0 ? null : "p" + id));
                }
                events.flush();
                System.out.println("objects in " + s3.location() + ":");
                for (String name : storage.list("")) {
                    System.out.println("  " + name);
                }
            }
            try (S3Storage storage = S3Storage.open(s3);
                 Table<Event> events = Tonbo.open(storage, Event.class, Options.defaults())) {
                long clicks = 0;
                try (RowIterator<Event> it = events.scan()) {
                    while (it.hasNext()) {
                        clicks += it.next().kind().equals("click") ? 1 : 0;
                    }
                }
                System.out.println("reopened from S3: event 42 = " + events.get(42L).orElseThrow() + ", clicks = " + clicks);
                System.out.println("S3 requests of this open: " + storage.stats().asMap());
            }
        } finally {
            if (local != null) {
                local.stop();
            }
        }
    }

    /** s3proxy in this JVM on a free loopback port, objects in memory, with one empty bucket. */
    static S3Proxy startLocalS3(String accessKey, String secretKey, String bucket) throws Exception {
        S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        try (S3Client c = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + proxy.getPort()))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .build()) {
            c.createBucket(b -> b.bucket(bucket));
        }
        return proxy;
    }
}
