package org.tonbo4j.sqlite.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of {@code CREATE VIRTUAL TABLE t USING tonbo(key = 'value', ...)}: Tonbolite's
 * ({@code create_sql}, {@code path}, {@code fs}, {@code level}, the S3 settings) plus
 * {@code sync}. An unknown key, a repeated key or a malformed value is a {@link SqlError}
 * naming it. Immutable.
 */
final class TableArgs {
    static final Set<String> KEYS = Set.of("create_sql", "path", "fs", "level", "bucket", "key_id", "secret_key",
            "token", "endpoint", "region", "sign_payload", "checksum", "sync", "memtable_bytes", "idle_flush_ms");
    private static final Set<String> S3_KEYS = Set.of("level", "bucket", "key_id", "secret_key", "token",
            "endpoint", "region", "sign_payload", "checksum");

    private final Map<String, String> values;

    private TableArgs(Map<String, String> values) {
        this.values = values;
    }

    /** Parses the raw module arguments as SQLite hands them over (text between the commas). */
    static TableArgs parse(java.util.List<String> raw) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String arg : raw) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new SqlError("tonbo: argument '" + arg.trim() + "' is not of the form key = 'value'");
            }
            String key = arg.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) {
                throw new SqlError("tonbo: unknown argument '" + arg.substring(0, eq).trim() + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
            if (m.put(key, unquote(key, arg.substring(eq + 1).trim())) != null) {
                throw new SqlError("tonbo: argument '" + key + "' given twice");
            }
        }
        TableArgs a = new TableArgs(m);
        a.validate();
        return a;
    }

    private static String unquote(String key, String v) {
        if (v.isEmpty()) {
            throw new SqlError("tonbo: argument '" + key + "' has no value");
        }
        char q = v.charAt(0);
        if (q == '\'' || q == '"') {
            if (v.length() < 2 || v.charAt(v.length() - 1) != q) {
                throw new SqlError("tonbo: argument '" + key + "': unterminated quoted value " + v);
            }
            String inner = v.substring(1, v.length() - 1);
            String doubled = "" + q + q;
            if (inner.replace(doubled, "").indexOf(q) >= 0) {
                throw new SqlError("tonbo: argument '" + key + "': malformed quoted value " + v);
            }
            return inner.replace(doubled, String.valueOf(q));
        }
        return v;
    }

    private void validate() {
        if (!values.containsKey("create_sql")) {
            throw new SqlError("tonbo: missing argument create_sql = 'create table name(col type primary key, ...)'");
        }
        if (!values.containsKey("path")) {
            throw new SqlError("tonbo: missing argument path = 'directory of the table'");
        }
        if (values.get("path").isBlank()) {
            throw new SqlError("tonbo: argument path is empty; give the table's own directory, e.g. path = 'db_path/t'");
        }
        String fs = fs();
        if (!fs.equals("local") && !fs.equals("s3")) {
            throw new SqlError("tonbo: fs must be 'local' or 's3', got '" + values.get("fs") + "'");
        }
        if (fs.equals("local")) {
            for (String k : S3_KEYS) {
                if (values.containsKey(k)) {
                    throw new SqlError("tonbo: argument '" + k + "' only applies to fs = 's3'");
                }
            }
        } else {
            if (!values.containsKey("bucket")) {
                throw new SqlError("tonbo: fs = 's3' needs bucket = '...'");
            }
            if (values.containsKey("key_id") != values.containsKey("secret_key")) {
                throw new SqlError("tonbo: key_id and secret_key go together");
            }
            intArg("level", 0, 7);
            boolArg("sign_payload");
            boolArg("checksum");
        }
        intArg("memtable_bytes", 4096, Integer.MAX_VALUE);
        intArg("idle_flush_ms", 0, Integer.MAX_VALUE);
        String sync = values.get("sync");
        if (sync != null && !Set.of("always", "never").contains(sync.toLowerCase(Locale.ROOT))) {
            throw new SqlError("tonbo: sync must be 'always' or 'never', got '" + sync + "'");
        }
    }

    private void intArg(String key, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new SqlError("tonbo: " + key + " must be an integer from " + min + " to " + max + ", got '" + v + "'");
        }
    }

    private void boolArg(String key) {
        String v = values.get(key);
        if (v != null && !Set.of("true", "false", "1", "0").contains(v.trim().toLowerCase(Locale.ROOT))) {
            throw new SqlError("tonbo: " + key + " must be true or false, got '" + v + "'");
        }
    }

    String createSql() {
        return values.get("create_sql");
    }

    String path() {
        return values.get("path");
    }

    String fs() {
        return values.getOrDefault("fs", "local").toLowerCase(Locale.ROOT);
    }

    /** The first level stored in S3 ({@code level}, default 2); levels above it and the WAL stay at {@code path}. */
    int level() {
        String v = values.get("level");
        return v == null ? 2 : Integer.parseInt(v.trim());
    }

    /** An S3 setting as given, or null. */
    String s3(String key) {
        if (!S3_KEYS.contains(key)) {
            throw new IllegalArgumentException(key);
        }
        return values.get(key);
    }

    static boolean isTrue(String v) {
        return v != null && (v.trim().equalsIgnoreCase("true") || v.trim().equals("1"));
    }

    /** The memtable size in bytes ({@code memtable_bytes}), or 0 for the engine's default. */
    long memtableBytes() {
        String v = values.get("memtable_bytes");
        return v == null ? 0 : Long.parseLong(v.trim());
    }

    /** The idle-flush delay in milliseconds ({@code idle_flush_ms}; 0: off), or -1 for the engine's default. */
    long idleFlushMillis() {
        String v = values.get("idle_flush_ms");
        return v == null ? -1 : Long.parseLong(v.trim());
    }

    /** Whether every commit is synced to disk before it returns ({@code sync = 'always'}, the default). */
    boolean syncAlways() {
        return !"never".equalsIgnoreCase(values.get("sync"));
    }
}
