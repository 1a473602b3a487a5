package org.tonbo4j.internal.sst;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;

/**
 * CRC-32C checksums of an SST's bloom filters (footer entry {@link SstFooter#ROW_GROUP_BLOOM_CRCS};
 * docs/format/sst.md). Parquet protects pages with a CRC but not bloom filters, and a damaged
 * filter answers "absent" for keys that are there: a point read would silently miss rows.
 * Text form: row groups in file order joined by {@code ,}; per row group the key columns in key
 * order joined by {@code /}, each 8 lowercase hex digits, or {@code -} where no filter was written.
 * Stateless.
 */
final class BloomChecksums {
    /** Marks a key column without a filter in its row group. */
    static final String NONE = "-";

    private BloomChecksums() {
    }

    /** The CRC-32C of the filter's bitset (its bytes as Parquet stores them after the header). */
    static String of(BloomFilter f) {
        CRC32C crc = new CRC32C();
        try {
            f.writeTo(new OutputStream() {
                @Override
                public void write(int b) {
                    crc.update(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    crc.update(b, off, len);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the stream above never throws
        }
        return String.format("%08x", crc.getValue());
    }

    /** The footer text for the checksums of each row group (entries {@code null}: no filter). */
    static String join(List<String[]> rowGroups) {
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < rowGroups.size(); g++) {
            sb.append(g == 0 ? "" : ",");
            String[] cols = rowGroups.get(g);
            for (int k = 0; k < cols.length; k++) {
                sb.append(k == 0 ? "" : "/").append(cols[k] == null ? NONE : cols[k]);
            }
        }
        return sb.toString();
    }

    /**
     * Parses {@link #join}'s text for a file of {@code rowGroups} row groups and {@code keyColumns}
     * key columns; {@code NONE} entries become null. IllegalArgumentException if malformed.
     */
    static String[][] split(String text, int rowGroups, int keyColumns) {
        String[] groups = text.split(",", -1);
        if (groups.length != rowGroups) {
            throw new IllegalArgumentException(groups.length + " row groups of bloom filter checksums for " + rowGroups);
        }
        String[][] out = new String[rowGroups][];
        for (int g = 0; g < rowGroups; g++) {
            String[] cols = groups[g].split("/", -1);
            if (cols.length != keyColumns) {
                throw new IllegalArgumentException("row group " + g + " has " + cols.length
                        + " bloom filter checksums for " + keyColumns + " key columns");
            }
            for (int k = 0; k < keyColumns; k++) {
                if (cols[k].equals(NONE)) {
                    cols[k] = null;
                } else if (!cols[k].matches("[0-9a-f]{8}")) {
                    throw new IllegalArgumentException("bad bloom filter checksum '" + cols[k] + "'");
                }
            }
            out[g] = cols;
        }
        return out;
    }
}
