package org.tonbo4j.s3.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The few S3 operations the storage needs, on one bucket, with request counting and errors
 * turned into {@link IOException}s that name the operation and the object. The SDK client
 * retries transient failures (see {@link Clients}); what arrives here has run out of attempts
 * or is permanent. Thread-safe.
 */
public final class ObjectStore implements AutoCloseable {
    /** An object in a listing. */
    public record Info(String key, long size, String etag) {
    }

    /** How a PUT may replace what is there. */
    public enum Condition { NONE, IF_ABSENT }

    private final S3Client client;
    private final String bucket;
    private final Counters counters;

    public ObjectStore(S3Client client, String bucket, Counters counters) {
        this.client = client;
        this.bucket = bucket;
        this.counters = counters;
    }

    public String bucket() {
        return bucket;
    }

    private String where(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private IOException failure(String op, String key, SdkException e) {
        String detail = e instanceof AwsServiceException a
                ? "HTTP " + a.statusCode() + " " + (a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : "") + ": " + a.getMessage()
                : e.getMessage();
        return new IOException("S3 " + op + " " + where(key) + " failed: " + detail, e);
    }

    private static boolean preconditionFailed(SdkException e) {
        return e instanceof AwsServiceException a && (a.statusCode() == 412 || a.statusCode() == 409);
    }

    /** Every object whose key starts with {@code keyPrefix}, in key order. */
    public List<Info> list(String keyPrefix) throws IOException {
        List<Info> out = new ArrayList<>();
        String token = null;
        try {
            do {
                counters.lists.increment();
                ListObjectsV2Request.Builder r = ListObjectsV2Request.builder().bucket(bucket).prefix(keyPrefix);
                if (token != null) {
                    r.continuationToken(token);
                }
                ListObjectsV2Response resp = client.listObjectsV2(r.build());
                for (S3Object o : resp.contents()) {
                    out.add(new Info(o.key(), o.size(), o.eTag()));
                }
                token = Boolean.TRUE.equals(resp.isTruncated()) ? resp.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw failure("LIST", keyPrefix + "*", e);
        }
        return out;
    }

    /** The object's size and etag, or empty if it does not exist. */
    public Optional<Info> head(String key) throws IOException {
        counters.heads.increment();
        try {
            HeadObjectResponse r = client.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new Info(key, r.contentLength(), r.eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("HEAD", key, e);
        } catch (SdkException e) {
            throw failure("HEAD", key, e);
        }
    }

    /** Exactly {@code len} bytes at {@code start} of the object, in one ranged GET. */
    public byte[] get(String key, long start, int len) throws IOException {
        counters.gets.increment();
        try {
            ResponseBytes<GetObjectResponse> r = client.getObjectAsBytes(
                    b -> b.bucket(bucket).key(key).range("bytes=" + start + "-" + (start + len - 1)));
            byte[] data = r.asByteArrayUnsafe();
            counters.getBytes.add(data.length);
            if (data.length != len) {
                throw new IOException("S3 GET " + where(key) + " returned " + data.length + " bytes for a range of "
                        + len + " at " + start);
            }
            return data;
        } catch (NoSuchKeyException e) {
            throw (NoSuchFileException) new NoSuchFileException(where(key)).initCause(e);
        } catch (SdkException e) {
            throw failure("GET", key, e);
        }
    }

    /**
     * Uploads one object. With {@link Condition#IF_ABSENT} an existing object is never replaced:
     * a {@link java.nio.file.FileAlreadyExistsException} says another writer was first.
     * Returns the new object's etag.
     */
    public String put(String key, byte[] data, int off, int len, Condition condition) throws IOException {
        counters.puts.increment();
        counters.putBytes.add(len);
        try {
            PutObjectRequest.Builder r = PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) len);
            if (condition == Condition.IF_ABSENT) {
                r.ifNoneMatch("*");
            }
            return client.putObject(r.build(), RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(data, off, len))).eTag();
        } catch (SdkException e) {
            if (condition == Condition.IF_ABSENT && preconditionFailed(e)) {
                throw (IOException) new java.nio.file.FileAlreadyExistsException(where(key), null,
                        "another writer created it first").initCause(e);
            }
            throw failure("PUT", key, e);
        }
    }

    public String startMultipart(String key) throws IOException {
        counters.puts.increment();
        try {
            return client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        } catch (SdkException e) {
            throw failure("CreateMultipartUpload", key, e);
        }
    }

    public CompletedPart uploadPart(String key, String uploadId, int partNumber, byte[] data, int len) throws IOException {
        counters.puts.increment();
        counters.putBytes.add(len);
        try {
            String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                    .contentLength((long) len), RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(data, 0, len))).eTag();
            return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
        } catch (SdkException e) {
            throw failure("UploadPart #" + partNumber, key, e);
        }
    }

    public void completeMultipart(String key, String uploadId, List<CompletedPart> parts) throws IOException {
        counters.puts.increment();
        try {
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
        } catch (SdkException e) {
            throw failure("CompleteMultipartUpload", key, e);
        }
    }

    /** Abandons a multipart upload; its parts never become visible. Best effort. */
    public void abortMultipart(String key, String uploadId) {
        counters.deletes.increment();
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // Unfinished uploads are invisible; a bucket lifecycle rule reclaims their space.
        }
    }

    public void delete(String key) throws IOException {
        counters.deletes.increment();
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw failure("DELETE", key, e);
        }
    }

    /** Reads a whole small object with its etag, or empty if absent. */
    public Optional<byte[]> getAll(String key) throws IOException {
        counters.gets.increment();
        try {
            ResponseBytes<GetObjectResponse> r = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            counters.getBytes.add(r.asByteArrayUnsafe().length);
            return Optional.of(r.asByteArrayUnsafe());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("GET", key, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
