package org.tonbo4j.internal.sst;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.tonbo4j.ColumnType;

/**
 * Reads a column chunk from Parquet's primitive column reader into a {@link ColumnVector} of
 * its column type, one tight loop per physical layout, without boxing. Stateless and
 * thread-safe; the converter of a string column belongs to one decode.
 */
final class VectorReader {
    private VectorReader() {
    }

    /** The converter a column reader of this type needs (strings: dictionary ids), or null. */
    static PrimitiveConverter newConverter(ColumnType type) {
        return type.kind() == ColumnType.Kind.STRING ? new StringConverter() : null;
    }

    /**
     * Reads {@code rows} values; a row is null where its definition level is below {@code maxDef}.
     * {@code converter} is what {@link #newConverter} returned for this reader.
     */
    static ColumnVector read(ColumnType type, ColumnReader r, int rows, int maxDef, PrimitiveConverter converter) {
        long[] nulls = null;
        switch (type.kind()) {
            case BOOLEAN: {
                boolean[] v = new boolean[rows];
                for (int i = 0; i < rows; i++) {
                    if (r.getCurrentDefinitionLevel() == maxDef) {
                        v[i] = r.getBoolean();
                    } else {
                        nulls = setNull(nulls, i, rows);
                    }
                    r.consume();
                }
                return new ColumnVectors.Booleans(v, rows, nulls);
            }
            case INT8: {
                byte[] v = new byte[rows];
                for (int i = 0; i < rows; i++) {
                    if (r.getCurrentDefinitionLevel() == maxDef) {
                        v[i] = (byte) r.getInteger();
                    } else {
                        nulls = setNull(nulls, i, rows);
                    }
                    r.consume();
                }
                return new ColumnVectors.Bytes(v, rows, nulls);
            }
            case INT16: {
                short[] v = new short[rows];
                for (int i = 0; i < rows; i++) {
                    if (r.getCurrentDefinitionLevel() == maxDef) {
                        v[i] = (short) r.getInteger();
                    } else {
                        nulls = setNull(nulls, i, rows);
                    }
                    r.consume();
                }
                return new ColumnVectors.Shorts(v, rows, nulls);
            }
            case INT32:
            case DATE:
                return readInts(type, r, rows, maxDef);
            case INT64:
            case TIMESTAMP:
            case TIMESTAMP_TZ:
                return readLongs(type, r, rows, maxDef);
            case FLOAT32: {
                float[] v = new float[rows];
                for (int i = 0; i < rows; i++) {
                    if (r.getCurrentDefinitionLevel() == maxDef) {
                        v[i] = r.getFloat();
                    } else {
                        nulls = setNull(nulls, i, rows);
                    }
                    r.consume();
                }
                return new ColumnVectors.Floats(v, rows, nulls);
            }
            case FLOAT64: {
                double[] v = new double[rows];
                for (int i = 0; i < rows; i++) {
                    if (r.getCurrentDefinitionLevel() == maxDef) {
                        v[i] = r.getDouble();
                    } else {
                        nulls = setNull(nulls, i, rows);
                    }
                    r.consume();
                }
                return new ColumnVectors.Doubles(v, rows, nulls);
            }
            case STRING:
                return StringVectorReader.read((StringConverter) converter, r, rows, maxDef);
            case BINARY:
                return readBinary(r, rows, maxDef);
            case DECIMAL:
                if (type.precision() <= 9) {
                    return readInts(type, r, rows, maxDef);
                }
                if (type.precision() <= 18) {
                    return readLongs(type, r, rows, maxDef);
                }
                return readWideDecimals(type, r, rows, maxDef);
            default:
                throw new AssertionError(type);
        }
    }

    private static ColumnVector readInts(ColumnType type, ColumnReader r, int rows, int maxDef) {
        long[] nulls = null;
        int[] v = new int[rows];
        for (int i = 0; i < rows; i++) {
            if (r.getCurrentDefinitionLevel() == maxDef) {
                v[i] = r.getInteger();
            } else {
                nulls = setNull(nulls, i, rows);
            }
            r.consume();
        }
        return new ColumnVectors.Ints(v, rows, nulls, type);
    }

    private static ColumnVector readLongs(ColumnType type, ColumnReader r, int rows, int maxDef) {
        long[] nulls = null;
        long[] v = new long[rows];
        for (int i = 0; i < rows; i++) {
            if (r.getCurrentDefinitionLevel() == maxDef) {
                v[i] = r.getLong();
            } else {
                nulls = setNull(nulls, i, rows);
            }
            r.consume();
        }
        return new ColumnVectors.Longs(v, rows, nulls, type);
    }

    private static ColumnVector readBinary(ColumnReader r, int rows, int maxDef) {
        long[] nulls = null;
        BlobBuilder blob = new BlobBuilder(rows);
        for (int i = 0; i < rows; i++) {
            if (r.getCurrentDefinitionLevel() == maxDef) {
                blob.add(r.getBinary());
            } else {
                nulls = setNull(nulls, i, rows);
                blob.addEmpty();
            }
            r.consume();
        }
        return blob.build(rows, nulls, false);
    }

    private static ColumnVector readWideDecimals(ColumnType type, ColumnReader r, int rows, int maxDef) {
        long[] nulls = null;
        BigDecimal[] v = new BigDecimal[rows];
        for (int i = 0; i < rows; i++) {
            if (r.getCurrentDefinitionLevel() == maxDef) {
                v[i] = new BigDecimal(new BigInteger(r.getBinary().getBytes()), type.scale());
            } else {
                nulls = setNull(nulls, i, rows);
            }
            r.consume();
        }
        return new ColumnVectors.Decimals(v, rows, nulls);
    }

    /** Marks row i null, allocating the mask on the first null. */
    static long[] setNull(long[] nulls, int i, int rows) {
        if (nulls == null) {
            nulls = new long[(rows + 63) >>> 6];
        }
        nulls[i >>> 6] |= 1L << i;
        return nulls;
    }

    /** Values appended end to end with their offsets; grows by doubling. */
    static final class BlobBuilder {
        private byte[] blob;
        private final int[] offsets;
        private int row;
        private int size;

        BlobBuilder(int rows) {
            blob = new byte[(int) Math.min(Math.max(16L, rows * 8L), 1 << 24)];
            offsets = new int[rows + 1];
        }

        void add(Binary b) {
            int n = b.length();
            ensure(n);
            b.toByteBuffer().get(blob, size, n);
            size += n;
            offsets[++row] = size;
        }

        void add(String s) {
            add(Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8)));
        }

        void addEmpty() {
            offsets[++row] = size;
        }

        private void ensure(int n) {
            if (blob.length - size < n) {
                long want = Math.max((long) blob.length * 2, (long) size + n);
                if (want > Integer.MAX_VALUE - 8) {
                    want = Integer.MAX_VALUE - 8;
                    if (want - size < n) {
                        throw new IllegalStateException("column chunk values exceed 2 GiB");
                    }
                }
                blob = Arrays.copyOf(blob, (int) want);
            }
        }

        ColumnVector build(int rows, long[] nulls, boolean string) {
            return new ColumnVectors.Blob(Arrays.copyOf(blob, size), offsets, rows, nulls, string);
        }
    }

    /**
     * Hands dictionary ids to {@link StringVectorReader} instead of decoded values; decodes each
     * dictionary entry at most once. One instance per decode.
     */
    static final class StringConverter extends PrimitiveConverter {
        Dictionary dictionary;
        String[] decoded;
        /** The id of the last value, or -1 when it was not dictionary-encoded ({@link #binary}). */
        int id;
        Binary binary;

        @Override
        public boolean hasDictionarySupport() {
            return true;
        }

        @Override
        public void setDictionary(Dictionary dictionary) {
            this.dictionary = dictionary;
            this.decoded = new String[dictionary.getMaxId() + 1];
        }

        @Override
        public void addValueFromDictionary(int id) {
            this.id = id;
        }

        @Override
        public void addBinary(Binary b) {
            this.id = -1;
            this.binary = b;
        }

        String string(int id) {
            String s = decoded[id];
            if (s == null) {
                s = dictionary.decodeToBinary(id).toStringUsingUTF8();
                decoded[id] = s;
            }
            return s;
        }
    }
}
