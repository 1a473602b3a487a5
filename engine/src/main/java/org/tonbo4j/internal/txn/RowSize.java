package org.tonbo4j.internal.txn;

/**
 * A cheap estimate of the bytes one buffered row stands for, to decide when a transaction is
 * large enough for a bulk commit ({@code Options.bulkCommitBytes}): its encoded key, 8 bytes per
 * fixed-width value, the length of strings and binaries, 1 byte per null. It is not the size of
 * any encoding; it only has to grow with the data. Stateless.
 */
final class RowSize {
    private RowSize() {
    }

    /** For a row already encoded into {@code encodedBytes} bytes: its key and its encoding. */
    static int ofEncoded(byte[] key, int encodedBytes) {
        return key.length + encodedBytes;
    }

    static long of(byte[] key, Object[] values) {
        long n = key.length;
        for (Object v : values) {
            if (v == null) {
                n += 1;
            } else if (v instanceof String s) {
                n += 4 + s.length();
            } else if (v instanceof byte[] b) {
                n += 4 + b.length;
            } else {
                n += 8;
            }
        }
        return n;
    }
}
