package org.tonbo4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.s3.S3Config;
import org.tonbo4j.s3.S3Storage;
import org.tonbo4j.storage.LocalStorage;
import org.tonbo4j.storage.Storage;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The table every subcommand takes first — a directory, or {@code s3://bucket/prefix} with the
 * S3 options — and how it is opened. S3 credentials come from the AWS SDK's default chain
 * (environment {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN},
 * system properties, profile, instance role); they are never printed. Closing it closes the
 * storage. Not thread-safe.
 */
final class TableOption implements AutoCloseable {
    @Parameters(index = "0", paramLabel = "TABLE", description = "the table's directory, or s3://bucket/prefix")
    String table;

    @Option(names = "--endpoint", paramLabel = "URL", description = "S3: endpoint of an S3-compatible server (MinIO, Ceph, R2...)")
    URI endpoint;

    @Option(names = "--region", description = "S3: signing region (default: ${DEFAULT-VALUE})", defaultValue = "us-east-1")
    String region;

    @Option(names = "--path-style", description = "S3: path-style URLs (endpoint/bucket/key); most S3-compatible servers need it")
    boolean pathStyle;

    private Storage storage;

    /** The table as the user wrote it, for messages. */
    String location() {
        return isS3() ? table : Path.of(table).toAbsolutePath().toString();
    }

    private boolean isS3() {
        return table.startsWith("s3://");
    }

    /**
     * Opens the table with its stored schema. Opening takes the table's write lock and, like any
     * open, replays a WAL left by a crash.
     */
    Table<Row> open() {
        if (storage != null) {
            throw new IllegalStateException("the table is already open");
        }
        if (!isS3() && (endpoint != null || pathStyle)) {
            throw new IllegalArgumentException("--endpoint and --path-style are for s3:// tables, not " + table);
        }
        storage = isS3() ? s3() : local();
        return Tonbo.open(storage, Options.defaults());
    }

    private Storage local() {
        Path directory = Path.of(table);
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no such directory: " + directory);
        }
        try {
            return new LocalStorage(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + directory + ": " + e.getMessage(), e);
        }
    }

    private Storage s3() {
        String rest = table.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in " + table + " (expected s3://bucket/prefix)");
        }
        S3Config.Builder b = S3Config.builder(bucket).prefix(prefix).region(region).pathStyle(pathStyle);
        if (endpoint != null) {
            b.endpoint(endpoint);
        }
        S3Config config = b.build();
        try {
            S3Storage s3 = S3Storage.open(config);
            // An empty or wrong prefix would otherwise create a new table's objects.
            if (s3.list("CURRENT").isEmpty()) {
                s3.close();
                throw new IllegalArgumentException("no table at " + config.location() + " (no CURRENT object)");
            }
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + config.location() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (storage != null) {
            try {
                storage.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + location() + ": " + e.getMessage(), e);
            }
            storage = null;
        }
    }
}
