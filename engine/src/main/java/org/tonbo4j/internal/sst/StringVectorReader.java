package org.tonbo4j.internal.sst;

import org.apache.parquet.column.ColumnReader;

/**
 * Reads a STRING column chunk into the more compact of two vectors: dictionary ids over the
 * shared decoded dictionary while every value is dictionary-encoded and the dictionary is small
 * next to the rows, else one UTF-8 blob with offsets (Parquet falls back to plain pages when a
 * chunk's dictionary grows past the writer's limit). Stateless and thread-safe.
 */
final class StringVectorReader {
    /** Use the dictionary only while it has at most one distinct value per this many rows. */
    private static final int ROWS_PER_DICTIONARY_ENTRY = 4;

    private StringVectorReader() {
    }

    static ColumnVector read(VectorReader.StringConverter c, ColumnReader r, int rows, int maxDef) {
        long[] nulls = null;
        int[] ids = new int[rows];
        int i = 0;
        for (; i < rows; i++) {
            if (r.getCurrentDefinitionLevel() == maxDef) {
                r.writeCurrentValueToConverter();
                if (c.id < 0) {
                    break; // a plain value: continue as a blob
                }
                ids[i] = c.id;
            } else {
                nulls = VectorReader.setNull(nulls, i, rows);
            }
            r.consume();
        }
        if (i == rows) {
            if (c.dictionary == null) {
                // Every row is null.
                return new ColumnVectors.DictionaryStrings(new String[0], ids, rows, nulls);
            }
            if ((long) (c.dictionary.getMaxId() + 1) * ROWS_PER_DICTIONARY_ENTRY <= rows) {
                return dictionaryVector(c, ids, rows, nulls);
            }
        }
        // Blob: copy the rows read so far, then read the rest (row i, if any, is in the converter).
        VectorReader.BlobBuilder blob = new VectorReader.BlobBuilder(rows);
        for (int j = 0; j < i; j++) {
            if (nulls != null && (nulls[j >>> 6] & (1L << j)) != 0) {
                blob.addEmpty();
            } else {
                blob.add(c.dictionary.decodeToBinary(ids[j]));
            }
        }
        if (i < rows) {
            blob.add(c.binary);
            r.consume();
            for (i++; i < rows; i++) {
                if (r.getCurrentDefinitionLevel() == maxDef) {
                    r.writeCurrentValueToConverter();
                    blob.add(c.id < 0 ? c.binary : c.dictionary.decodeToBinary(c.id));
                } else {
                    nulls = VectorReader.setNull(nulls, i, rows);
                    blob.addEmpty();
                }
                r.consume();
            }
        }
        return blob.build(rows, nulls, true);
    }

    private static ColumnVector dictionaryVector(VectorReader.StringConverter c, int[] ids, int rows, long[] nulls) {
        String[] dictionary = c.decoded;
        for (int j = 0; j < rows; j++) {
            if (nulls == null || (nulls[j >>> 6] & (1L << j)) == 0) {
                c.string(ids[j]);
            }
        }
        return new ColumnVectors.DictionaryStrings(dictionary, ids, rows, nulls);
    }
}
