package org.tonbo4j.internal.sst;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tonbo entries of an SST's Parquet footer key-value metadata (format version 1), and their
 * text encodings. Keys and encodings are frozen within a format version: see docs/format/sst.md.
 * Stateless.
 */
final class SstFooter {
    /** Format version; readers reject any value but {@link #FORMAT_VERSION}. */
    static final String VERSION_KEY = "tonbo.format.version";
    static final String FORMAT_VERSION = "1";
    /** {@link org.tonbo4j.internal.SchemaCodec} text of the table schema. */
    static final String SCHEMA_KEY = "tonbo.schema";
    /** Base64 of the smallest encoded key in the file. */
    static final String MIN_KEY = "tonbo.min_key";
    /** Base64 of the largest encoded key in the file. */
    static final String MAX_KEY = "tonbo.max_key";
    /** Decimal smallest sequence number. */
    static final String MIN_SEQ = "tonbo.min_seq";
    /** Decimal largest sequence number. */
    static final String MAX_SEQ = "tonbo.max_seq";
    /** Comma-separated Base64 of each row group's smallest encoded key, in row group order. */
    static final String ROW_GROUP_MIN_KEYS = "tonbo.row_group.min_keys";
    /** Comma-separated Base64 of each row group's largest encoded key, in row group order. */
    static final String ROW_GROUP_MAX_KEYS = "tonbo.row_group.max_keys";
    /** CRC-32C of each row group's key bloom filters ({@link BloomChecksums}); absent in older files. */
    static final String ROW_GROUP_BLOOM_CRCS = "tonbo.row_group.bloom_crc32c";

    private SstFooter() {
    }

    /** The footer entries of a finished file. */
    static Map<String, String> build(String schemaText, SstMeta meta, List<byte[]> rowGroupMinKeys,
                                     List<byte[]> rowGroupMaxKeys, List<String[]> bloomCrcs) {
        Map<String, String> m = new HashMap<>();
        m.put(VERSION_KEY, FORMAT_VERSION);
        m.put(SCHEMA_KEY, schemaText);
        m.put(MIN_KEY, base64(meta.minKey()));
        m.put(MAX_KEY, base64(meta.maxKey()));
        m.put(MIN_SEQ, Long.toString(meta.minSeq()));
        m.put(MAX_SEQ, Long.toString(meta.maxSeq()));
        m.put(ROW_GROUP_MIN_KEYS, joinBase64(rowGroupMinKeys));
        m.put(ROW_GROUP_MAX_KEYS, joinBase64(rowGroupMaxKeys));
        m.put(ROW_GROUP_BLOOM_CRCS, BloomChecksums.join(bloomCrcs));
        return m;
    }

    static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static String joinBase64(List<byte[]> keys) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(base64(keys.get(i)));
        }
        return sb.toString();
    }

    /** Parses a {@link #joinBase64} list; IllegalArgumentException if malformed. */
    static byte[][] splitBase64(String text) {
        if (text.isEmpty()) {
            return new byte[0][];
        }
        String[] parts = text.split(",", -1);
        byte[][] out = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            out[i] = Base64.getDecoder().decode(parts[i]);
        }
        return out;
    }
}
