package org.tonbo4j.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Schema;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.s3.S3Config;
import org.tonbo4j.s3.S3Stats;
import org.tonbo4j.s3.S3Storage;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.Storage;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads from a table in S3 against the same table on local disk: point gets and a
 * one-column projection scan, with cold caches (a fresh process view: new storage, new
 * engine caches) and warm ones, plus what a cloud bill is made of — GET requests and bytes
 * fetched per point lookup and per scan.
 *
 * <p>The S3 server is s3proxy in this JVM on loopback, so the timings leave out the network
 * (a real S3 GET takes 10–50 ms); the request and byte counts do not depend on it.
 *
 * <p>Run: {@code scripts/bench-s3.sh [--rows=N] [--gets=N] [--block=BYTES]} (defaults 300,000
 * rows of an INT64 key and 4 columns, 2,000 random gets, 256 KiB blocks).
 */
public final class S3Bench {
    private static final Schema SCHEMA = Schema.builder().column("id", ColumnType.INT64, false)
            .column("name", ColumnType.STRING).column("qty", ColumnType.INT64).column("price", ColumnType.FLOAT64)
            .column("note", ColumnType.STRING).primaryKey("id").build();

    private S3Bench() {
    }

    private record Result(String what, int ops, double localMs, double s3Ms, double getsPerOp, double kbPerOp) {
    }

    public static void main(String[] args) throws Exception {
        int rows = 300_000;
        int gets = 2_000;
        int block = 256 << 10;
        for (String a : args) {
            if (a.startsWith("--rows=")) {
                rows = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--gets=")) {
                gets = Integer.parseInt(a.substring(7));
            } else if (a.startsWith("--block=")) {
                block = Integer.parseInt(a.substring(8));
            } else {
                throw new IllegalArgumentException("unknown argument: " + a + " (known: --rows=N --gets=N --block=BYTES)");
            }
        }
        Path dir = Files.createTempDirectory("tonbo-s3-bench");
        S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret").build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        try (S3Client c = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench-secret"))).build()) {
            c.createBucket(b -> b.bucket("bench"));
        }
        S3Config config = S3Config.builder("bench").endpoint(endpoint).pathStyle(true).credentials("bench", "bench-secret", null)
                .prefix("orders").readBlockBytes(block).build();
        Options options = Options.defaults();
        System.out.println("S3 read benchmark: " + rows + " rows, " + gets + " random gets, block " + block + " B");
        System.out.println(MachineInfo.describe(dir));
        load(new LocalStorage(dir.resolve("local")), options, rows);
        load(S3Storage.open(config), options, rows);

        long[] keys = new Random(42).longs(gets, 0, rows).toArray();
        Work point = t -> {
            for (long k : keys) {
                t.get(k).orElseThrow();
            }
        };
        Work first = t -> t.get(keys[0]).orElseThrow();
        Work projection = t -> {
            long sum = 0;
            try (RowIterator<Row> it = t.scan(Scan.builder().columns("qty").build())) {
                while (it.hasNext()) {
                    sum += it.next().getLong("qty");
                }
            }
            if (sum == 0) {
                throw new IllegalStateException("empty scan");
            }
        };
        Options uncached = options.toBuilder().cacheBytes(0).build();
        S3Config noBlockCache = config.toBuilder().memoryCacheBytes(0).build();
        // JIT warm-up on both paths, not measured.
        measure("warm-up", 1, true, dir, config, options, point);
        measure("warm-up", 1, true, dir, config, options, projection);
        List<Result> results = new ArrayList<>();
        results.add(measure("first point get after open (cold)", 1, false, dir, config, options, first));
        results.add(measure("point get, nothing cached (engine and block caches off)", gets, true, dir, noBlockCache,
                uncached, point));
        results.add(measure("point get, warm caches", gets, true, dir, config, options, point));
        results.add(measure("projection scan (1 of 5 columns), cold", 1, false, dir, config, options, projection));
        results.add(measure("projection scan (1 of 5 columns), warm", 1, true, dir, config, options, projection));
        System.out.println();
        System.out.println("| workload | local disk | S3 (loopback) | S3 / local | GETs per op | KiB fetched per op |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.2f ms | %.2f ms | %.2f× | %.2f | %.1f |%n", r.what, r.localMs / r.ops,
                    r.s3Ms / r.ops, r.s3Ms / r.localMs, r.getsPerOp, r.kbPerOp);
        }
        System.out.println("(times per operation; cold = a fresh table and storage object; the local disk's files "
                + "are in the OS page cache)");
        proxy.stop();
    }

    private static void load(Storage storage, Options options, int rows) {
        try (Table<Row> t = Tonbo.open(storage, SCHEMA, options)) {
            Random r = new Random(7);
            for (int i = 0; i < rows; i += 1000) {
                List<Row> batch = new ArrayList<>();
                for (int j = i; j < Math.min(rows, i + 1000); j++) {
                    batch.add(Row.of(SCHEMA, (long) j, "customer-" + r.nextInt(50_000), (long) r.nextInt(100),
                            r.nextDouble() * 100, "note " + Long.toHexString(r.nextLong())));
                }
                t.insertAll(batch);
            }
            t.flush();
            t.compact();
        } finally {
            try {
                storage.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private interface Work {
        void run(Table<Row> t);
    }

    /** Times {@code work} on both tables; cold = a fresh table and storage, warm = the same work a second time. */
    private static Result measure(String what, int ops, boolean warm, Path dir, S3Config config, Options options, Work work)
            throws Exception {
        Run local = time(new LocalStorage(dir.resolve("local")), options, warm, work);
        // Local tables have no S3 counters: the figures below are the S3 table's.
        Run s3 = time(S3Storage.open(config), options, warm, work);
        return new Result(what, ops, local.ms, s3.ms, s3.cost.gets() / (double) ops, s3.cost.getBytes() / 1024.0 / ops);
    }

    /** One measured run: elapsed time, and its S3 requests (zero for local disk). */
    private record Run(double ms, S3Stats cost) {
    }

    private static Run time(Storage s, Options options, boolean warm, Work work) throws Exception {
        try (s; Table<Row> t = Tonbo.open(s, SCHEMA, options)) {
            if (warm) {
                work.run(t);
            }
            S3Stats before = s instanceof S3Storage s3 ? s3.stats() : null;
            long start = System.nanoTime();
            work.run(t);
            double ms = (System.nanoTime() - start) / 1e6;
            S3Stats cost = s instanceof S3Storage s3 ? s3.stats().minus(before)
                    : new S3Stats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            return new Run(ms, cost);
        }
    }
}
