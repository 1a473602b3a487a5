package org.tonbo4j.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.rocksdb.CompressionType;

/**
 * The command line of {@link EngineBench}: {@code --name=value} options, each with a default.
 * Immutable once parsed.
 */
final class BenchArgs {
    static final List<String> WORKLOADS = List.of("ingest", "ingest-sync", "get", "scan", "size");
    static final List<String> ENGINES = List.of("tonbo", "rocksdb");

    long rows = 1_000_000;
    BenchData.Distribution data = BenchData.Distribution.RANDOM;
    Path dir;
    Set<String> workloads = new LinkedHashSet<>(WORKLOADS);
    Set<String> engines = new LinkedHashSet<>(ENGINES);
    int reps = 3;
    long warmupRows = 100_000;
    int gets = 200_000;
    /** Cache size of both engines (tonbo's decoded-block cache, RocksDB's LRU block cache). */
    long cacheMib = 128;
    /** tonbo's Parquet data page size in KiB; 0 keeps the engine's default. */
    int pageKib = 0;
    int misses = 20_000;
    int batch = 1_000;
    String rocksCompression = "default";
    Path profileDir;
    int stallSeconds = 120;
    int maxGetSeconds = 30;
    boolean keep;
    Path csv;

    static final String USAGE = String.join("\n",
            "usage: EngineBench [--rows=N] [--dir=PATH] [--workloads=LIST] [--engines=LIST] [--reps=N]",
            "                   [--warmup-rows=N] [--gets=N] [--misses=N] [--max-get-seconds=N] [--batch=N] [--rocksdb-compression=C]",
            "                   [--data=random|orders]",
            "                   [--profile=DIR] [--stall-seconds=N] [--keep] [--csv=FILE]",
            "  --rows=N                 rows in the table (default 1000000; _ allowed: 1_000_000)",
            "  --dir=PATH               where the engines' directories go (default: a fresh temp dir)",
            "  --workloads=LIST         of " + WORKLOADS + " (default all); get/scan/size load the table untimed if ingest is off",
            "  --engines=LIST           of " + ENGINES + " (default both)",
            "  --reps=N                 timed repetitions; the best is reported (default 3)",
            "  --warmup-rows=N          rows of an untimed warm-up pass of every workload (default 100000; 0: none)",
            "  --cache-mib=N            cache size of both engines in MiB (default 128)",
            "  --page-kib=N             tonbo's Parquet page size in KiB (default: the engine's, 64)",
            "  --gets=N / --misses=N    random point gets of existing / missing keys (default 200000 / 20000)",
            "  --max-get-seconds=N      stop a get workload after N s and report the rate so far (default 30)",
            "  --batch=N                rows per write batch (default 1000)",
            "  --rocksdb-compression=C  default|none|snappy|lz4|zstd (default: RocksDB's default)",
            "  --data=D                 value distribution: random (near-uniform, default) or orders (skewed, correlated)",
            "  --profile=DIR            record a JFR execution profile of every timed phase of the first rep into DIR",
            "                           and print its top frames (add -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints)",
            "  --stall-seconds=N        print a thread dump every N s while a phase runs longer (default 120)",
            "  --keep                   keep the engines' directories",
            "  --csv=FILE               also write the results as CSV for the charts (scripts/bench-charts.sh)");

    static BenchArgs parse(String[] argv) {
        BenchArgs a = new BenchArgs();
        for (String arg : argv) {
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException("help");
            }
            if (arg.equals("--keep")) {
                a.keep = true;
                continue;
            }
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
            }
            String name = arg.substring(2, eq);
            String v = arg.substring(eq + 1);
            switch (name) {
                case "rows": a.rows = positive(name, v); break;
                case "dir": a.dir = Path.of(v); break;
                case "workloads": a.workloads = list(name, v, WORKLOADS); break;
                case "engines": a.engines = list(name, v, ENGINES); break;
                case "reps": a.reps = (int) positive(name, v); break;
                case "warmup-rows": a.warmupRows = Long.parseLong(v.replace("_", "")); break;
                case "gets": a.gets = (int) positive(name, v); break;
                case "cache-mib": a.cacheMib = Long.parseLong(v.replace("_", "")); break;
                case "page-kib": a.pageKib = (int) positive(name, v); break;
                case "misses": a.misses = (int) Long.parseLong(v.replace("_", "")); break;
                case "batch": a.batch = (int) positive(name, v); break;
                case "rocksdb-compression": rocksCompression(v); a.rocksCompression = v.toLowerCase(Locale.ROOT); break;
                case "profile": a.profileDir = Path.of(v); break;
                case "csv": a.csv = Path.of(v); break;
                case "data": a.data = BenchData.Distribution.valueOf(v.toUpperCase(Locale.ROOT)); break;
                case "max-get-seconds": a.maxGetSeconds = (int) positive(name, v); break;
                case "stall-seconds": a.stallSeconds = (int) positive(name, v); break;
                default: throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return a;
    }

    /** The RocksDB compression to set, or null to keep RocksDB's default. */
    static CompressionType rocksCompression(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "default": return null;
            case "none": return CompressionType.NO_COMPRESSION;
            case "snappy": return CompressionType.SNAPPY_COMPRESSION;
            case "lz4": return CompressionType.LZ4_COMPRESSION;
            case "zstd": return CompressionType.ZSTD_COMPRESSION;
            default: throw new IllegalArgumentException("--rocksdb-compression must be default|none|snappy|lz4|zstd, got '" + name + "'");
        }
    }

    private static long positive(String name, String v) {
        long n;
        try {
            n = Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " wants a number, got '" + v + "'");
        }
        if (n < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1, got " + n);
        }
        return n;
    }

    private static Set<String> list(String name, String v, List<String> allowed) {
        Set<String> out = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        for (String s : v.split(",")) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (allowed.contains(t)) {
                out.add(t);
            } else if (!t.isEmpty()) {
                bad.add(t);
            }
        }
        if (!bad.isEmpty() || out.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " takes a list of " + allowed + ", got '" + v + "'");
        }
        return out;
    }
}
