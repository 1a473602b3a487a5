package org.tonbo4j.s3;

import java.net.URI;
import org.tonbo4j.Options;
import org.tonbo4j.ReadOnlyTable;
import org.tonbo4j.Row;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Tonbo;

/**
 * The reader process of {@link S3ReadOnlyTest}: opens a table in S3 read-only and prints its
 * rows, one {@code id=v} per line, then {@code END}. Arguments: endpoint, prefix.
 */
public final class ReadOnlyReaderMain {
    private ReadOnlyReaderMain() {
    }

    public static void main(String[] args) throws Exception {
        S3Config config = S3Config.builder(S3TestServer.BUCKET).endpoint(URI.create(args[0])).pathStyle(true)
                .credentials(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY, null).prefix(args[1]).build();
        try (S3Storage s3 = S3Storage.open(config);
             ReadOnlyTable<Row> t = Tonbo.openReadOnly(s3, Workload.SCHEMA, Options.defaults());
             RowIterator<Row> it = t.scan()) {
            StringBuilder out = new StringBuilder();
            it.forEachRemaining(r -> out.append(r.getLong("id")).append('=').append(r.getString("v")).append('\n'));
            out.append("END\n");
            System.out.print(out);
            System.out.flush();
        }
    }
}
