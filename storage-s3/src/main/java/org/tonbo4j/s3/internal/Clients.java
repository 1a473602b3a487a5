package org.tonbo4j.s3.internal;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.tonbo4j.s3.S3Config;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeProvider;

/**
 * Builds the SDK client of an {@link S3Config}: the Apache 5 HTTP client, static or default-chain
 * credentials, path-style and endpoint overrides, payload signing and checksum toggles, and a
 * retry strategy that retries 5xx, throttling, timeouts and dropped connections with
 * exponential back-off and jitter. Stateless.
 */
public final class Clients {
    private Clients() {
    }

    public static S3Client create(S3Config c, Counters counters) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .maxConnections(c.maxConnections())
                        .connectionTimeout(c.connectTimeout())
                        .socketTimeout(c.attemptTimeout())
                        .connectionAcquisitionTimeout(c.attemptTimeout())
                        // Servers close idle connections (S3 after about 20 s): drop pooled ones
                        // before that, so that retries do not meet one stale connection after another.
                        .connectionMaxIdleTime(java.time.Duration.ofSeconds(10))
                        // No "Expect: 100-continue": a WAL group commit is one small PUT, and
                        // waiting for the interim reply would add a round trip to every commit.
                        .expectContinueEnabled(false))
                .region(Region.of(c.region()))
                .credentialsProvider(credentials(c))
                .forcePathStyle(c.pathStyle())
                .requestChecksumCalculation(c.checksum() ? RequestChecksumCalculation.WHEN_SUPPORTED
                        : RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(c.checksum() ? ResponseChecksumValidation.WHEN_SUPPORTED
                        : ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(c.maxAttempts())
                                // Back off and retry every time: a table's writes must not fail
                                // fast because earlier requests failed (no circuit breaker).
                                .circuitBreakerEnabled(false)
                                .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(25), Duration.ofSeconds(5)))
                                .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(200), Duration.ofSeconds(10)))
                                .build())
                        .apiCallAttemptTimeout(c.attemptTimeout())
                        .addExecutionInterceptor(new ExecutionInterceptor() {
                            @Override
                            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                                counters.attempts.increment();
                            }
                        }));
        c.endpoint().ifPresent(b::endpointOverride);
        boolean sign = c.signPayload();
        S3AuthSchemeProvider defaults = S3AuthSchemeProvider.defaultProvider();
        b.authSchemeProvider(params -> {
            List<AuthSchemeOption> options = defaults.resolveAuthScheme(params);
            return options.stream().map(o -> o.toBuilder()
                    .putSignerProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, sign)
                    .build()).collect(Collectors.toList());
        });
        return b.build();
    }

    private static AwsCredentialsProvider credentials(S3Config c) {
        if (c.accessKeyId().isEmpty()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String id = c.accessKeyId().get();
        String secret = c.secretAccessKey().orElseThrow();
        return StaticCredentialsProvider.create(c.sessionToken().isPresent()
                ? AwsSessionCredentials.create(id, secret, c.sessionToken().get())
                : AwsBasicCredentials.create(id, secret));
    }
}
