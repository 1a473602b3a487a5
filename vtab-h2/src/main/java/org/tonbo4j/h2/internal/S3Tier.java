package org.tonbo4j.h2.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.tonbo4j.TonboException;
import org.tonbo4j.s3.S3Config;
import org.tonbo4j.s3.S3Storage;
import org.tonbo4j.storage.Storage;
import org.tonbo4j.storage.TieredStorage;

/**
 * Opens the S3 side of a table ({@code fs=s3}) on the storage-s3 module's public API. Kept apart
 * from the rest of the module so that the SDK is loaded only by tables that use S3; without the
 * {@code tonbo-s3} jar on the class path such a table fails with a clear error. Stateless.
 */
final class S3Tier {
    private S3Tier() {
    }

    /** The bucket storage for a table's settings and resolved prefix. */
    static S3Storage open(S3Settings s, String prefix) throws IOException {
        return S3Storage.open(config(s, prefix).build());
    }

    private static S3Config.Builder config(S3Settings s, String prefix) {
        S3Config.Builder b = S3Config.builder(s.bucket()).prefix(prefix);
        if (s.endpoint() != null) {
            b.endpoint(s.endpoint());
        }
        if (s.region() != null) {
            b.region(s.region());
        }
        b.pathStyle(s.pathStyle() != null ? s.pathStyle() : s.endpoint() != null);
        if (s.keyId() != null) {
            b.credentials(s.keyId(), s.secretKey(), s.token());
        }
        if (s.signPayload() != null) {
            b.signPayload(s.signPayload());
        }
        if (s.checksum() != null) {
            b.checksum(s.checksum());
        }
        return b;
    }

    /** {@code primary} for the WAL, manifest and levels below {@code s.level()}; the bucket from it on. */
    static Storage tiered(Storage primary, S3Settings s, String prefix, boolean mustBeEmpty) {
        S3Storage s3;
        try {
            s3 = open(s, prefix);
        } catch (IOException | RuntimeException e) {
            throw new TonboException("cannot open s3://" + s.bucket() + "/" + prefix + ": " + describe(e), e);
        }
        try {
            if (mustBeEmpty && !s3.list("").isEmpty()) {
                throw new TonboException("s3://" + s.bucket() + "/" + prefix + " already holds objects; choose another "
                        + "prefix or remove them");
            }
        } catch (IOException | RuntimeException e) {
            s3.close();
            throw e instanceof TonboException ? (TonboException) e
                    : new TonboException("cannot list s3://" + s.bucket() + "/" + prefix + ": " + describe(e), e);
        }
        return TieredStorage.builder(primary).levelsFrom(s.level(), s3).build();
    }

    /** Deletes every object of the table (DROP TABLE). */
    static void deleteAll(S3Settings s, String prefix) {
        // No grace period: the table is gone, no reader of it is left to protect.
        try (S3Storage s3 = S3Storage.open(config(s, prefix).deleteDelay(Duration.ZERO).build())) {
            List<String> names = s3.list("");
            for (String n : names) {
                s3.delete(n);
            }
        } catch (IOException | RuntimeException e) {
            throw new TonboException("could not delete the objects of s3://" + s.bucket() + "/" + prefix + ": "
                    + describe(e), e);
        }
    }

    /** An exception's message without anything that could carry a credential (the SDK never puts one there). */
    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
