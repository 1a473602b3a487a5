package org.tonbo4j.s3;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: s3proxy in this JVM on a loopback port, keeping objects in memory,
 * with SigV4 authentication. Started once per test JVM; every table gets its own prefix.
 */
final class S3TestServer {
    static final String BUCKET = "tonbo-test";
    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key";
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static S3Proxy proxy;
    private static URI endpoint;

    private S3TestServer() {
    }

    static synchronized URI endpoint() {
        if (proxy == null) {
            try {
                S3Proxy p = S3Proxy.builder()
                        .blobStore(new TransientNio2BlobStore())
                        .endpoint(URI.create("http://127.0.0.1:0"))
                        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                        .build();
                p.start();
                while (!"STARTED".equals(p.getState())) {
                    Thread.sleep(10);
                }
                endpoint = URI.create("http://127.0.0.1:" + p.getPort());
                try (S3Client c = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                        .forcePathStyle(true)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                        .build()) {
                    c.createBucket(b -> b.bucket(BUCKET));
                }
                proxy = p;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the S3 test server: " + e, e);
            }
        }
        return endpoint;
    }

    /** A configuration for a fresh, empty prefix in the test bucket. */
    static S3Config.Builder config(String name) {
        return config(endpoint(), name);
    }

    /** The same, through another endpoint (a fault-injecting proxy). */
    static S3Config.Builder config(URI via, String name) {
        endpoint();
        return S3Config.builder(BUCKET).endpoint(via).pathStyle(true).region("us-east-1")
                .credentials(ACCESS_KEY, SECRET_KEY, null)
                .prefix("t" + PREFIXES.incrementAndGet() + "-" + name);
    }
}
