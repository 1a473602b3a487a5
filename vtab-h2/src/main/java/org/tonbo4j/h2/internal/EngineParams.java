package org.tonbo4j.h2.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.tonbo4j.Compression;
import org.tonbo4j.Options;
import org.tonbo4j.SyncPolicy;

/**
 * The {@code WITH "key=value", ...} parameters of {@code CREATE TABLE ... ENGINE "tonbo"}, parsed
 * and validated. Every key is documented in docs/h2.md; an unknown key or a bad value is a SQL
 * error naming it. Immutable.
 *
 * @param path the directory of the table's files, or null for the default location
 * @param memory whether the table lives in memory (lost when the database closes)
 * @param options engine options built from the remaining keys
 * @param s3 where the cold levels live with {@code fs=s3}, or null ({@code fs=local}, the default)
 */
public record EngineParams(Path path, boolean memory, Options options, S3Settings s3) {
    private static final java.util.Set<String> S3_KEYS = java.util.Set.of("bucket", "prefix", "endpoint", "region",
            "path_style", "key_id", "secret_key", "token", "level", "sign_payload", "checksum");
    /** Keys whose values never appear in a message. */
    private static final java.util.Set<String> SECRET_KEYS = java.util.Set.of("key_id", "secret_key", "token");

    private static final long MIB = 1024L * 1024L;

    /** Parses the parameters; null or empty means all defaults. */
    public static EngineParams parse(List<String> params) {
        Map<String, String> kv = new LinkedHashMap<>();
        if (params != null) {
            for (String p : params) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw bad(p, "expected key=value");
                }
                String key = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (kv.put(key, p.substring(eq + 1).trim()) != null) {
                    throw bad(shown(key, p), "the key " + key + " is given twice");
                }
            }
        }
        Path path = null;
        boolean memory = false;
        Options.Builder o = Options.builder();
        String fs = kv.getOrDefault("fs", "local").toLowerCase(Locale.ROOT);
        if (!fs.equals("local") && !fs.equals("s3")) {
            throw bad("fs=" + kv.get("fs"), "expected local or s3");
        }
        S3Settings s3 = null;
        for (Map.Entry<String, String> e : kv.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            String text = shown(k, k + "=" + v);
            if (S3_KEYS.contains(k) && !fs.equals("s3")) {
                throw bad(text, "only applies with fs=s3");
            }
            try {
                switch (k) {
                    case "fs":
                        break;
                    case "bucket": case "prefix": case "endpoint": case "region": case "path_style": case "key_id":
                    case "secret_key": case "token": case "level": case "sign_payload": case "checksum":
                        if (v.isEmpty()) {
                            throw new IllegalArgumentException("empty value");
                        }
                        break;
                    case "path":
                        if (v.isBlank()) {
                            throw new IllegalArgumentException("empty value: give a directory, or memory");
                        }
                        if (v.equalsIgnoreCase("memory")) {
                            memory = true;
                        } else {
                            path = Path.of(v);
                        }
                        break;
                    case "compression":
                        o.compression(compression(v));
                        break;
                    case "compression_level":
                        o.compressionLevel(Integer.parseInt(v));
                        break;
                    case "memtable_mb":
                        o.memtableBytes(mib(k, v, 1));
                        break;
                    case "cache_mb":
                        o.cacheBytes(mib(k, v, 0));
                        break;
                    case "target_file_mb":
                        o.targetFileBytes(mib(k, v, 1));
                        break;
                    case "row_group_mb":
                        o.rowGroupBytes(mib(k, v, 1));
                        break;
                    case "compaction":
                        o.compactionEnabled(parseBoolean(v));
                        break;
                    case "sync":
                        o.syncPolicy(parseSync(v));
                        break;
                    case "idle_flush_ms":
                        o.idleFlush(java.time.Duration.ofMillis(atLeast(k, v, 0)));
                        break;
                    default:
                        throw bad(text, "unknown key; known keys: path, compression, compression_level, memtable_mb,"
                                + " cache_mb, target_file_mb, row_group_mb, compaction, sync, idle_flush_ms, fs, and with fs=s3: bucket,"
                                + " prefix, endpoint, region, path_style, key_id, secret_key, token, level, sign_payload,"
                                + " checksum");
                }
            } catch (IllegalArgumentException ex) {
                throw bad(text, SECRET_KEYS.contains(k) ? "bad value" : ex.getMessage());
            }
        }
        if (fs.equals("s3")) {
            s3 = s3(kv);
        }
        Options options;
        try {
            options = o.build();
        } catch (IllegalArgumentException ex) { // a combination of values, e.g. compression=gzip with level 22
            throw bad("compression, compression_level", ex.getMessage());
        }
        return new EngineParams(path, memory, options, s3);
    }

    private static Compression compression(String v) {
        for (Compression c : Compression.values()) {
            if (c.name().equalsIgnoreCase(v)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown compression; one of " + java.util.Arrays.stream(Compression.values())
                .map(c -> c.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")));
    }

    /** A whole number of at least {@code min}, for {@code key}. */
    private static long atLeast(String key, String v, long min) {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number");
        }
        if (n < min) {
            throw new IllegalArgumentException(key + " must be at least " + min);
        }
        return n;
    }

    /** A size in MiB of at least {@code min}, in bytes. */
    private static long mib(String key, String v, long min) {
        long n = atLeast(key, v, min);
        if (n > Long.MAX_VALUE / MIB) {
            throw new IllegalArgumentException(key + " is too large");
        }
        return n * MIB;
    }

    private static S3Settings s3(Map<String, String> kv) {
        String bucket = kv.get("bucket");
        if (bucket == null) {
            throw bad("fs=s3", "needs bucket=...");
        }
        if (kv.containsKey("key_id") != kv.containsKey("secret_key")) {
            throw bad("key_id / secret_key", "give both, or neither to use the default credential chain "
                    + "(environment, system properties, profile, instance role)");
        }
        if (kv.containsKey("token") && !kv.containsKey("key_id")) {
            throw bad("token", "a session token goes with key_id and secret_key");
        }
        java.net.URI endpoint = null;
        if (kv.containsKey("endpoint")) {
            String v = kv.get("endpoint");
            try {
                endpoint = java.net.URI.create(v);
            } catch (IllegalArgumentException e) {
                throw bad("endpoint=" + v, "not a URI");
            }
            if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                throw bad("endpoint=" + v, "expected a URI such as http://host:9000");
            }
        }
        int level = S3Settings.DEFAULT_LEVEL;
        if (kv.containsKey("level")) {
            String v = kv.get("level");
            try {
                level = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                level = -1;
            }
            if (level < 0 || level > 7) {
                throw bad("level=" + v, "expected the first level stored in S3, 0 to 7");
            }
        }
        String prefix = kv.get("prefix");
        return new S3Settings(bucket, prefix, endpoint, kv.get("region"), optionalBoolean(kv, "path_style"),
                kv.get("key_id"), kv.get("secret_key"), kv.get("token"), level, optionalBoolean(kv, "sign_payload"),
                optionalBoolean(kv, "checksum"));
    }

    private static Boolean optionalBoolean(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            return null;
        }
        try {
            return parseBoolean(v);
        } catch (IllegalArgumentException e) {
            throw bad(key + "=" + v, e.getMessage());
        }
    }

    /** The parameter as a message may show it: credentials hidden. */
    private static String shown(String key, String text) {
        return SECRET_KEYS.contains(key) ? key + "=(hidden)" : text;
    }

    private static boolean parseBoolean(String v) {
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("on")) {
            return true;
        }
        if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("off")) {
            return false;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    private static SyncPolicy parseSync(String v) {
        if (v.equalsIgnoreCase("commit")) {
            return SyncPolicy.everyCommit();
        }
        if (v.equalsIgnoreCase("never")) {
            return SyncPolicy.never();
        }
        if (v.toLowerCase(Locale.ROOT).endsWith("ms")) {
            return SyncPolicy.interval(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim())));
        }
        throw new IllegalArgumentException("expected commit, never or a period such as 100ms");
    }

    private static DbException bad(String param, String why) {
        return DbException.get(ErrorCode.INVALID_VALUE_2, "tonbo table parameter", "\"" + param + "\": " + why);
    }
}
