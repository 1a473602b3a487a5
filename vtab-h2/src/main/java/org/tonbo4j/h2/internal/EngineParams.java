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
 */
public record EngineParams(Path path, boolean memory, Options options) {

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
                    throw bad(p, "the key " + key + " is given twice");
                }
            }
        }
        Path path = null;
        boolean memory = false;
        Options.Builder o = Options.builder();
        for (Map.Entry<String, String> e : kv.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            String text = k + "=" + v;
            try {
                switch (k) {
                    case "path":
                        if (v.equalsIgnoreCase("memory")) {
                            memory = true;
                        } else {
                            path = Path.of(v);
                        }
                        break;
                    case "compression":
                        o.compression(Compression.valueOf(v.toUpperCase(Locale.ROOT)));
                        break;
                    case "compression_level":
                        o.compressionLevel(Integer.parseInt(v));
                        break;
                    case "memtable_mb":
                        o.memtableBytes(Long.parseLong(v) * MIB);
                        break;
                    case "cache_mb":
                        o.cacheBytes(Long.parseLong(v) * MIB);
                        break;
                    case "target_file_mb":
                        o.targetFileBytes(Long.parseLong(v) * MIB);
                        break;
                    case "row_group_mb":
                        o.rowGroupBytes(Long.parseLong(v) * MIB);
                        break;
                    case "compaction":
                        o.compactionEnabled(parseBoolean(v));
                        break;
                    case "sync":
                        o.syncPolicy(parseSync(v));
                        break;
                    default:
                        throw bad(text, "unknown key; known keys: path, compression, compression_level, memtable_mb,"
                                + " cache_mb, target_file_mb, row_group_mb, compaction, sync");
                }
            } catch (IllegalArgumentException ex) {
                throw bad(text, ex.getMessage());
            }
        }
        return new EngineParams(path, memory, o.build());
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
