package org.tonbo4j.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how an {@link S3Storage} reaches its bucket. Immutable and thread-safe; build one
 * with {@link #builder(String)}. Every setting states its default. {@link #toString()} never
 * shows the secret key or the session token.
 */
public final class S3Config {
    private final String bucket;
    private final String prefix;
    private final URI endpoint;
    private final String region;
    private final boolean pathStyle;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String sessionToken;
    private final boolean signPayload;
    private final boolean checksum;
    private final int maxAttempts;
    private final Duration attemptTimeout;
    private final Duration connectTimeout;
    private final int maxConnections;
    private final int readBlockBytes;
    private final long memoryCacheBytes;
    private final Path diskCacheDir;
    private final long diskCacheBytes;
    private final int partBytes;
    private final Duration lockLease;
    private final Duration deleteDelay;

    private S3Config(Builder b) {
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.endpoint = b.endpoint;
        this.region = b.region;
        this.pathStyle = b.pathStyle;
        this.accessKeyId = b.accessKeyId;
        this.secretAccessKey = b.secretAccessKey;
        this.sessionToken = b.sessionToken;
        this.signPayload = b.signPayload;
        this.checksum = b.checksum;
        this.maxAttempts = b.maxAttempts;
        this.attemptTimeout = b.attemptTimeout;
        this.connectTimeout = b.connectTimeout;
        this.maxConnections = b.maxConnections;
        this.readBlockBytes = b.readBlockBytes;
        this.memoryCacheBytes = b.memoryCacheBytes;
        this.diskCacheDir = b.diskCacheDir;
        this.diskCacheBytes = b.diskCacheBytes;
        this.partBytes = b.partBytes;
        this.lockLease = b.lockLease;
        this.deleteDelay = b.deleteDelay;
    }

    /** A builder for a table stored in {@code bucket}. */
    public static Builder builder(String bucket) {
        return new Builder(bucket);
    }

    public Builder toBuilder() {
        Builder b = new Builder(bucket);
        b.prefix = prefix;
        b.endpoint = endpoint;
        b.region = region;
        b.pathStyle = pathStyle;
        b.accessKeyId = accessKeyId;
        b.secretAccessKey = secretAccessKey;
        b.sessionToken = sessionToken;
        b.signPayload = signPayload;
        b.checksum = checksum;
        b.maxAttempts = maxAttempts;
        b.attemptTimeout = attemptTimeout;
        b.connectTimeout = connectTimeout;
        b.maxConnections = maxConnections;
        b.readBlockBytes = readBlockBytes;
        b.memoryCacheBytes = memoryCacheBytes;
        b.diskCacheDir = diskCacheDir;
        b.diskCacheBytes = diskCacheBytes;
        b.partBytes = partBytes;
        b.lockLease = lockLease;
        b.deleteDelay = deleteDelay;
        return b;
    }

    public String bucket() {
        return bucket;
    }

    /** Key prefix of the table's objects, empty or ending with {@code /}. */
    public String prefix() {
        return prefix;
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public String region() {
        return region;
    }

    public boolean pathStyle() {
        return pathStyle;
    }

    /** The explicit access key id, or empty to use the SDK's default credential chain. */
    public Optional<String> accessKeyId() {
        return Optional.ofNullable(accessKeyId);
    }

    /** The explicit secret key (never logged). */
    public Optional<String> secretAccessKey() {
        return Optional.ofNullable(secretAccessKey);
    }

    /** The explicit session token (never logged). */
    public Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    public boolean signPayload() {
        return signPayload;
    }

    public boolean checksum() {
        return checksum;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int readBlockBytes() {
        return readBlockBytes;
    }

    public long memoryCacheBytes() {
        return memoryCacheBytes;
    }

    public Optional<Path> diskCacheDir() {
        return Optional.ofNullable(diskCacheDir);
    }

    public long diskCacheBytes() {
        return diskCacheBytes;
    }

    public int partBytes() {
        return partBytes;
    }

    /** How long a writer's lock lasts without renewal; see {@link Builder#lockLease}. */
    public Duration lockLease() {
        return lockLease;
    }

    /** How long deleted files stay readable by other processes; see {@link Builder#deleteDelay}. */
    public Duration deleteDelay() {
        return deleteDelay;
    }

    /** {@code s3://bucket/prefix}. */
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public String toString() {
        return "S3Config{" + location() + (endpoint != null ? ", endpoint=" + endpoint : "") + ", region=" + region
                + (pathStyle ? ", path-style" : "") + ", credentials="
                + (accessKeyId != null ? "explicit(" + accessKeyId + ")" : "default chain")
                + ", signPayload=" + signPayload + ", checksum=" + checksum + ", maxAttempts=" + maxAttempts
                + ", attemptTimeout=" + attemptTimeout + ", readBlockBytes=" + readBlockBytes
                + ", memoryCacheBytes=" + memoryCacheBytes + ", lockLease=" + lockLease + ", deleteDelay=" + deleteDelay
                + (diskCacheDir != null ? ", diskCache=" + diskCacheDir + " (" + diskCacheBytes + " B)" : "") + "}";
    }

    /** Builds an {@link S3Config}; each setter validates its value. Not thread-safe. */
    public static final class Builder {
        private final String bucket;
        private String prefix = "";
        private URI endpoint;
        private String region = "us-east-1";
        private boolean pathStyle;
        private String accessKeyId;
        private String secretAccessKey;
        private String sessionToken;
        private boolean signPayload = true;
        private boolean checksum;
        private int maxAttempts = 8;
        private Duration attemptTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxConnections = 64;
        private int readBlockBytes = 256 << 10;
        private long memoryCacheBytes = 64L << 20;
        private Path diskCacheDir;
        private long diskCacheBytes = 1L << 30;
        private int partBytes = 8 << 20;
        private Duration lockLease = Duration.ofSeconds(30);
        private Duration deleteDelay = Duration.ofMinutes(5);

        private Builder(String bucket) {
            if (bucket == null || bucket.isBlank() || bucket.contains("/")) {
                throw new IllegalArgumentException("bad bucket name: '" + bucket + "'");
            }
            this.bucket = bucket;
        }

        /**
         * Key prefix under which the table's objects live, e.g. {@code tables/orders}; a
         * trailing {@code /} is added. The default is empty: the table owns the whole bucket.
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
            if (p.contains("//") || p.contains("~")) {
                throw new IllegalArgumentException("bad prefix: '" + prefix + "'");
            }
            this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
            return this;
        }

        /**
         * The service endpoint, for S3-compatible servers (MinIO, Ceph, R2, s3proxy...), e.g.
         * {@code http://localhost:9000}. The default is none: the SDK derives AWS's endpoint
         * from the region.
         */
        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** The signing region. The default is {@code us-east-1}. */
        public Builder region(String region) {
            if (region == null || region.isBlank()) {
                throw new IllegalArgumentException("bad region: '" + region + "'");
            }
            this.region = region;
            return this;
        }

        /**
         * Path-style URLs ({@code endpoint/bucket/key}) instead of virtual-hosted ones; most
         * S3-compatible servers need it. The default is false.
         */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /**
         * Explicit static credentials ({@code sessionToken} may be null). The default is none:
         * the SDK's default chain (environment, system properties, profile, container and
         * instance roles). The secret and the token are never logged.
         */
        public Builder credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            if (accessKeyId == null || accessKeyId.isEmpty() || secretAccessKey == null || secretAccessKey.isEmpty()) {
                throw new IllegalArgumentException("credentials need an access key id and a secret key");
            }
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            this.sessionToken = sessionToken;
            return this;
        }

        /**
         * Sign the request payload (SigV4 with the body's SHA-256) rather than sending it
         * unsigned over TLS. The default is true; some S3-compatible servers need false.
         */
        public Builder signPayload(boolean signPayload) {
            this.signPayload = signPayload;
            return this;
        }

        /**
         * Send and verify flexible checksums (CRC32) on every upload and download, as AWS does
         * by default. The default is false (checksums only where the API requires them), which
         * every S3-compatible server accepts; the engine's files carry their own CRCs.
         */
        public Builder checksum(boolean checksum) {
            this.checksum = checksum;
            return this;
        }

        /**
         * Attempts per request, the first included, on 5xx, throttling, timeouts and dropped
         * connections, with exponential back-off and jitter. The default is 8.
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 100) {
                throw new IllegalArgumentException("maxAttempts must be 1..100: " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Time limit of one attempt of one request. The default is 30 seconds. */
        public Builder attemptTimeout(Duration attemptTimeout) {
            if (attemptTimeout == null || attemptTimeout.isNegative() || attemptTimeout.isZero()) {
                throw new IllegalArgumentException("attemptTimeout must be positive: " + attemptTimeout);
            }
            this.attemptTimeout = attemptTimeout;
            return this;
        }

        /** Time limit to open a connection. The default is 10 seconds. */
        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** HTTP connections kept in the pool. The default is 64. */
        public Builder maxConnections(int maxConnections) {
            if (maxConnections < 1) {
                throw new IllegalArgumentException("maxConnections must be >= 1: " + maxConnections);
            }
            this.maxConnections = maxConnections;
            return this;
        }

        /**
         * Reads fetch aligned blocks of this size, so nearby reads share one ranged GET. Larger
         * blocks mean fewer requests and more bytes per point lookup. The default is 256 KiB.
         */
        public Builder readBlockBytes(int readBlockBytes) {
            if (readBlockBytes < 4096 || Integer.bitCount(readBlockBytes) != 1) {
                throw new IllegalArgumentException("readBlockBytes must be a power of two >= 4096: " + readBlockBytes);
            }
            this.readBlockBytes = readBlockBytes;
            return this;
        }

        /** Bound of the in-memory cache of fetched blocks; 0 disables it. The default is 64 MiB. */
        public Builder memoryCacheBytes(long memoryCacheBytes) {
            if (memoryCacheBytes < 0) {
                throw new IllegalArgumentException("memoryCacheBytes must be >= 0: " + memoryCacheBytes);
            }
            this.memoryCacheBytes = memoryCacheBytes;
            return this;
        }

        /**
         * A local directory caching fetched blocks across restarts, bounded by {@code bytes}
         * (least recently used blocks go first). The default is none.
         */
        public Builder diskCache(Path dir, long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("disk cache bytes must be > 0: " + bytes);
            }
            this.diskCacheDir = Objects.requireNonNull(dir, "dir");
            this.diskCacheBytes = bytes;
            return this;
        }

        /**
         * Files larger than this are uploaded as multipart uploads with parts of this size
         * (at least 5 MiB, S3's minimum). The default is 8 MiB.
         */
        public Builder partBytes(int partBytes) {
            if (partBytes < (5 << 20)) {
                throw new IllegalArgumentException("partBytes must be >= 5 MiB: " + partBytes);
            }
            this.partBytes = partBytes;
            return this;
        }

        /**
         * The write lock's lease. The writer renews it every third of the lease; a writer that
         * could not renew for a whole lease stops acknowledging writes (by its own clock), and a
         * new writer may take the lock once the lease has run out by the server's clock (the
         * lock object's Last-Modified against the reply's Date, plus one second). A crashed
         * writer therefore blocks new writers for at most about one lease. At least 1 s; the
         * default is 30 s.
         */
        public Builder lockLease(Duration lease) {
            if (lease == null || lease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("lockLease must be at least 1 s: " + lease);
            }
            this.lockLease = lease;
            return this;
        }

        /**
         * Grace period of deleted files: a file the table no longer needs (an SST replaced by a
         * compaction, an old WAL segment or manifest) disappears at once for this storage but
         * its objects are deleted only after this delay, so that read-only views in other
         * processes that lag behind can still read it. Deletions not yet due when the storage
         * closes are left to the next writer, which removes such leftovers (again after the
         * delay) when it opens the table. Zero deletes at once. The default is 5 minutes.
         */
        public Builder deleteDelay(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("deleteDelay must not be negative: " + delay);
            }
            this.deleteDelay = delay;
            return this;
        }

        public S3Config build() {
            return new S3Config(this);
        }
    }
}
