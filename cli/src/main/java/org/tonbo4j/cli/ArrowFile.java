package org.tonbo4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.tonbo4j.Scan;
import org.tonbo4j.Table;
import org.tonbo4j.arrow.ArrowScan;

/** Writes a scan as an Arrow IPC file (readable by pyarrow, pandas, DuckDB, Spark). */
final class ArrowFile {
    private static final int BATCH_ROWS = 64 * 1024;

    private ArrowFile() {
    }

    static long write(Table<?> table, Scan scan, Path file) {
        long rows = 0;
        try (RootAllocator allocator = new RootAllocator();
             ArrowScan batches = new ArrowScan(table, scan, allocator, BATCH_ROWS);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            VectorSchemaRoot root = null;
            ArrowFileWriter writer = null;
            try {
                while (batches.hasNext()) {
                    root = batches.next();
                    if (writer == null) {
                        writer = new ArrowFileWriter(root, null, channel);
                        writer.start();
                    }
                    writer.writeBatch();
                    rows += root.getRowCount();
                }
                if (writer == null) { // no rows: still a valid file with the schema
                    try (VectorSchemaRoot empty = VectorSchemaRoot.create(batches.arrowSchema(), allocator);
                         ArrowFileWriter w = new ArrowFileWriter(empty, null, channel)) {
                        w.start();
                        w.end();
                    }
                } else {
                    writer.end();
                }
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
