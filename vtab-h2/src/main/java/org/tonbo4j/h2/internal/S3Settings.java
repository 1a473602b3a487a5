package org.tonbo4j.h2.internal;

import java.net.URI;

/**
 * The S3 part of a tonbo table's {@code WITH} parameters ({@code fs=s3}): where the cold levels
 * live. Holds no SDK type, so tables without S3 never load the AWS SDK. Credentials are kept
 * only to hand them to the SDK: {@link #toString} and every error message leave them out.
 * Immutable.
 *
 * @param bucket the bucket
 * @param prefix object key prefix of the table, or null for the default ({@code <db>.tonbo/t<id>})
 * @param endpoint endpoint of an S3-compatible server, or null for AWS
 * @param region signing region, or null for the default
 * @param pathStyle path-style URLs; null means "true with an endpoint, false without"
 * @param keyId access key id, or null to use the SDK's default credential chain
 * @param secretKey secret access key (with keyId)
 * @param token session token, or null
 * @param level the first level whose files go to S3 (0..7)
 * @param signPayload SigV4 payload signing, or null for the default
 * @param checksum flexible checksums, or null for the default
 */
record S3Settings(String bucket, String prefix, URI endpoint, String region, Boolean pathStyle, String keyId,
                  String secretKey, String token, int level, Boolean signPayload, Boolean checksum) {
    /** Tonbolite's default: L0 and L1 local, L2 and deeper in S3. */
    static final int DEFAULT_LEVEL = 2;

    @Override
    public String toString() {
        return "S3Settings{s3://" + bucket + "/" + (prefix == null ? "<default>" : prefix)
                + (endpoint == null ? "" : ", endpoint " + endpoint) + ", level " + level
                + (keyId == null ? ", default credentials" : ", static credentials") + "}";
    }
}
