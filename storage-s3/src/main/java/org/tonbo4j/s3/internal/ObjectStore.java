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
    public record Info(String key, long size, String etag, java.time.Instant lastModified) {
    }

    /** An object's metadata with the server's clock at the time of the reply. */
    public record Stamped(Info info, java.time.Instant serverNow) {
    }

    /** How a PUT may replace what is there. */
    public enum Condition { NONE, IF_ABSENT }

    private final S3Client client;
    private final String bucket;
    private final Counters counters;
    private final int maxAttempts;

    public ObjectStore(S3Client client, String bucket, Counters counters, int maxAttempts) {
        this.maxAttempts = maxAttempts;
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
                ListObjectsV2Response resp = call("LIST", keyPrefix + "*", () -> {
                    ListObjectsV2Response l = client.listObjectsV2(r.build());
                    // A reply cut short can still parse as a shorter listing: a missing WAL
                    // chunk or SST would then look deleted. The key count and the truncation
                    // flag must be there and agree with the keys received.
                    if (l.keyCount() == null || l.keyCount() != l.contents().size() || l.isTruncated() == null) {
                        throw new IOException("incomplete LIST reply: KeyCount " + l.keyCount() + ", "
                                + l.contents().size() + " keys, IsTruncated " + l.isTruncated());
                    }
                    return l;
                });
                for (S3Object o : resp.contents()) {
                    out.add(new Info(o.key(), o.size(), o.eTag(), o.lastModified()));
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
        return headStamped(key).map(Stamped::info);
    }

    /** The object's metadata and the server's clock (its reply's {@code Date}), or empty if it does not exist. */
    public Optional<Stamped> headStamped(String key) throws IOException {
        counters.heads.increment();
        try {
            HeadObjectResponse r = call("HEAD", key, () -> {
                HeadObjectResponse h = client.headObject(b -> b.bucket(bucket).key(key));
                if (h.contentLength() == null || h.eTag() == null) {
                    throw incompleteHead("HEAD", "Content-Length " + h.contentLength() + ", ETag " + h.eTag());
                }
                return h;
            });
            java.time.Instant now = r.sdkHttpResponse().firstMatchingHeader("Date")
                    .map(d -> java.time.ZonedDateTime.parse(d, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                    .orElseGet(java.time.Instant::now);
            return Optional.of(new Stamped(new Info(key, r.contentLength(), r.eTag(), r.lastModified()), now));
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

    /**
     * Exactly {@code len} bytes at {@code start} of the object, in one ranged GET. A connection
     * lost while the body streams in escapes the SDK's retries (it surfaces as a bare
     * IOException): such reads are retried here, with the same back-off.
     */
    public byte[] get(String key, long start, int len) throws IOException {
        counters.gets.increment();
        for (int attempt = 1; ; attempt++) {
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
            } catch (Exception e) {
                bodyFailure("GET", key, e, attempt);
            }
        }
    }

    /**
     * A reply whose head was cut off: the HTTP client ends the header block at end of stream
     * without complaint, so a connection dropped inside the head parses as a reply without the
     * headers S3 always sends. Such a reply is retried like a dropped connection.
     */
    private static IOException incompleteHead(String op, String what) {
        return new IOException("incomplete " + op + " reply (connection cut inside the reply head?): " + what);
    }

    private static String etag(String op, String etag) throws IOException {
        if (etag == null) {
            throw incompleteHead(op, "no ETag");
        }
        return etag;
    }

    /** An SDK call that may also fail with a bare I/O exception. */
    private interface Call<T> {
        T run() throws Exception;
    }

    /**
     * Runs an SDK call, retrying the failures that escape the SDK's own retries: a connection
     * lost while a reply body streams in surfaces as a bare IOException. SDK exceptions pass
     * through to the caller's handling.
     */
    private <T> T call(String op, String key, Call<T> c) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return c.run();
            } catch (SdkException e) {
                throw e;
            } catch (Exception e) {
                bodyFailure(op, key, e, attempt);
            }
        }
    }

    /** Rethrows a failure to read a response body once attempts run out; otherwise backs off. */
    private void bodyFailure(String op, String key, Exception e, int attempt) throws IOException {
        if (!(e instanceof IOException) && !(e instanceof java.io.UncheckedIOException)) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e);
        }
        if (attempt >= maxAttempts) {
            throw new IOException("S3 " + op + " " + where(key) + " failed after " + attempt
                    + " attempts, the connection dropped while reading the reply: " + e, e);
        }
        counters.attempts.increment();
        try {
            Thread.sleep(Math.min(5000, 25L << Math.min(attempt, 8)) / 2
                    + java.util.concurrent.ThreadLocalRandom.current().nextLong(Math.min(5000, 25L << Math.min(attempt, 8)) / 2 + 1));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while retrying S3 " + op + " " + where(key));
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
            return call("PUT", key, () -> etag("PUT", client.putObject(r.build(),
                    RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(data, off, len))).eTag()));
        } catch (SdkException e) {
            if (condition == Condition.IF_ABSENT && preconditionFailed(e)) {
                // A retry of an attempt that did succeed (its reply was lost) finds our own
                // object: the same bytes are there, so the upload did happen.
                Optional<Info> there = head(key);
                String md5 = md5Hex(data, off, len);
                if (there.isPresent() && there.get().size() == len && md5.equals(unquote(there.get().etag()))) {
                    return there.get().etag();
                }
                throw (IOException) new java.nio.file.FileAlreadyExistsException(where(key), null,
                        "another writer created it first").initCause(e);
            }
            throw failure("PUT", key, e);
        }
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    private static String md5Hex(byte[] data, int off, int len) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("MD5");
            md.update(data, off, len);
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String startMultipart(String key) throws IOException {
        counters.puts.increment();
        try {
            return call("CreateMultipartUpload", key, () -> client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId());
        } catch (SdkException e) {
            throw failure("CreateMultipartUpload", key, e);
        }
    }

    public CompletedPart uploadPart(String key, String uploadId, int partNumber, byte[] data, int len) throws IOException {
        counters.puts.increment();
        counters.putBytes.add(len);
        try {
            String etag = call("UploadPart", key, () -> etag("UploadPart", client.uploadPart(b -> b.bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(partNumber).contentLength((long) len),
                    RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(data, 0, len))).eTag()));
            return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
        } catch (SdkException e) {
            throw failure("UploadPart #" + partNumber, key, e);
        }
    }

    /** Completes an upload of {@code totalBytes}; a retry after a lost success reply is recognised. */
    public void completeMultipart(String key, String uploadId, List<CompletedPart> parts, long totalBytes) throws IOException {
        counters.puts.increment();
        try {
            call("CompleteMultipartUpload", key, () -> client.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                    .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(parts).build())));
        } catch (SdkException e) {
            if (e instanceof AwsServiceException a && a.statusCode() == 404) {
                Optional<Info> there = head(key);
                String partsEtagSuffix = "-" + parts.size();
                if (there.isPresent() && there.get().size() == totalBytes && unquote(there.get().etag()).endsWith(partsEtagSuffix)) {
                    return;
                }
            }
            throw failure("CompleteMultipartUpload", key, e);
        }
    }

    /** Abandons a multipart upload; its parts never become visible. Best effort. */
    public void abortMultipart(String key, String uploadId) {
        counters.deletes.increment();
        try {
            call("AbortMultipartUpload", key, () -> client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)));
        } catch (SdkException | IOException e) {
            // Unfinished uploads are invisible; a bucket lifecycle rule reclaims their space.
        }
    }

    public void delete(String key) throws IOException {
        counters.deletes.increment();
        try {
            call("DELETE", key, () -> client.deleteObject(b -> b.bucket(bucket).key(key)));
        } catch (SdkException e) {
            throw failure("DELETE", key, e);
        }
    }

    /** Reads a whole small object, or empty if absent. */
    public Optional<byte[]> getAll(String key) throws IOException {
        counters.gets.increment();
        for (int attempt = 1; ; attempt++) {
            try {
                ResponseBytes<GetObjectResponse> r = client.getObjectAsBytes(b -> b.bucket(bucket).key(key));
                byte[] data = r.asByteArrayUnsafe();
                counters.getBytes.add(data.length);
                Long declared = r.response().contentLength();
                if (declared == null || declared != data.length) {
                    throw incompleteHead("GET", "Content-Length " + declared + ", " + data.length + " bytes received");
                }
                return Optional.of(data);
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (SdkException e) {
                throw failure("GET", key, e);
            } catch (Exception e) {
                bodyFailure("GET", key, e, attempt);
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
