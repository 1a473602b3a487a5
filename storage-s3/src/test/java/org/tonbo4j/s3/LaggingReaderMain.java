package org.tonbo4j.s3;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.tonbo4j.Options;
import org.tonbo4j.ReadOnlyTable;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Tonbo;

/**
 * The lagging reader process of {@link S3ReadOnlyTest}: opens a table in S3 read-only, prints
 * {@code READY}, waits for a line on its input (the writer compacts meanwhile), then scans its
 * view and prints its rows, one {@code id=v} per line, then {@code END} — or {@code ERROR} and
 * the error. Arguments: endpoint, prefix.
 */
public final class LaggingReaderMain {
    private LaggingReaderMain() {
    }

    public static void main(String[] args) throws Exception {
        S3Config config = S3Config.builder(S3TestServer.BUCKET).endpoint(URI.create(args[0])).pathStyle(true)
                .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, null).prefix(args[1]).build();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (S3Storage s3 = S3Storage.open(config);
             ReadOnlyTable<Row> t = Tonbo.openReadOnly(s3, Workload.SCHEMA, Options.defaults())) {
            System.out.println("READY");
            System.out.flush();
            in.readLine();
            StringBuilder out = new StringBuilder();
            try (RowIterator<Row> it = t.scan()) {
                it.forEachRemaining(r -> out.append(r.getLong("id")).append('=').append(r.getString("v")).append('\n'));
                out.append("END\n");
            } catch (RuntimeException e) {
                out.setLength(0);
                out.append("ERROR\n").append(e).append(' ').append(e.getCause()).append('\n');
            }
            System.out.print(out);
            System.out.flush();
        }
    }
}
