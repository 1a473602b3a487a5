package org.tonbo4j.sqlite.internal;

import java.io.IOException;
import java.time.Duration;
import java.net.URI;
import java.nio.file.Path;
import org.tonbo4j.s3.S3Config;
import org.tonbo4j.s3.S3Storage;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.TieredStorage;

/**
 * Builds the storage of a table with {@code fs = 's3'} from Tonbolite's arguments: the objects
 * live in {@code bucket} under the prefix {@code path}; with {@code level} = N > 0 (default 2)
 * the WAL, the manifest and levels 0..N-1 stay in the local directory {@code path}, levels N and
 * deeper go to S3; with {@code level = 0} the whole table is in S3. The secret key and session
 * token never appear in a message: errors name the bucket, prefix and endpoint only. Stateless.
 */
final class S3Tables {
    private S3Tables() {
    }

    /** A description of where the table lives, the registry's key for it. */
    static String location(TableArgs args, Path local) {
        return "s3://" + args.s3("bucket") + "/" + prefix(args) + (args.level() > 0 ? " + " + local : "");
    }

    /** " at ENDPOINT" for a table with an endpoint argument, else "" (the region's AWS endpoint). */
    static String at(TableArgs args) {
        String endpoint = args.s3("endpoint");
        return endpoint == null ? "" : " at " + endpoint.trim();
    }

    /** The S3 prefix: {@code path} as written, without leading "./" or "/" and trailing "/". */
    static String prefix(TableArgs args) {
        String p = args.path().replace('\\', '/');
        while (p.startsWith("./") || p.startsWith("/")) {
            p = p.startsWith("./") ? p.substring(2) : p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty()) {
            throw new SqlError("tonbo: with fs = 's3', path is the key prefix of the table's objects and may not be empty");
        }
        return p;
    }

    static S3Config config(TableArgs args) {
        S3Config.Builder b;
        try {
            b = S3Config.builder(args.s3("bucket")).prefix(prefix(args));
        } catch (IllegalArgumentException e) {
            throw new SqlError("tonbo: bad S3 argument: " + e.getMessage());
        }
        String endpoint = args.s3("endpoint");
        if (endpoint != null) {
            URI uri;
            try {
                uri = URI.create(endpoint.trim());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null
                    || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                throw new SqlError("tonbo: endpoint must be an http:// or https:// URL such as 'http://127.0.0.1:9000', got '"
                        + endpoint + "'");
            }
            // S3-compatible servers (MinIO, Ceph, s3proxy) are addressed path-style.
            b.endpoint(uri).pathStyle(true);
        }
        try {
            if (args.s3("region") != null) {
                b.region(args.s3("region").trim());
            }
            if (args.s3("key_id") != null) {
                b.credentials(args.s3("key_id"), args.s3("secret_key"), args.s3("token"));
            } else if (args.s3("token") != null) {
                throw new SqlError("tonbo: token needs key_id and secret_key");
            }
        } catch (IllegalArgumentException e) {
            throw new SqlError("tonbo: bad S3 argument: " + scrub(e.getMessage(), args));
        }
        if (args.s3("sign_payload") != null) {
            b.signPayload(TableArgs.isTrue(args.s3("sign_payload")));
        }
        if (args.s3("checksum") != null) {
            b.checksum(TableArgs.isTrue(args.s3("checksum")));
        }
        return b.build();
    }

    /** Opens the table's storage; the caller closes it after the table. */
    static Storage open(TableArgs args, Path local) {
        S3Config config = config(args);
        S3Storage s3;
        try {
            s3 = S3Storage.open(config);
        } catch (IOException | RuntimeException e) {
            throw new SqlError("tonbo: cannot reach S3 bucket '" + config.bucket() + "'"
                    + config.endpoint().map(u -> " at " + u).orElse("") + ": " + scrub(String.valueOf(e.getMessage()), args));
        }
        if (args.level() == 0) {
            return s3;
        }
        try {
            return TieredStorage.builder(new LocalStorage(local)).levelsFrom(args.level(), s3).build();
        } catch (IOException | RuntimeException e) {
            s3.close();
            throw new SqlError("tonbo: cannot use the local directory " + local + " for the hot levels: " + e.getMessage());
        }
    }

    /**
     * Deletes every object under the table's prefix at once (DROP TABLE): without the grace
     * period an open table gives deleted files, since no reader of a dropped table is left.
     */
    static void deleteAll(TableArgs args) throws IOException {
        try (S3Storage s3 = S3Storage.open(config(args).toBuilder().deleteDelay(Duration.ZERO).build())) {
            for (String name : s3.list("")) {
                s3.delete(name);
            }
        }
    }

    /** Removes the secret key and token from a message, should a library ever echo them. */
    static String scrub(String message, TableArgs args) {
        String m = message == null ? "error" : message;
        for (String k : new String[] {"secret_key", "token"}) {
            String v = args.s3(k);
            if (v != null && !v.isEmpty()) {
                m = m.replace(v, "<" + k + ">");
            }
        }
        return m;
    }
}
