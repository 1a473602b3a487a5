package org.tonbo4j.internal.log;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The framing shared by WAL segments and manifests (docs/format/wal.md, "Framing"). All
 * integers are big-endian.
 *
 * <pre>
 * file   = header record*
 * header = magic[4] version:u16 headerCrc:u32          ; headerCrc = CRC32C(magic, version)
 * record = length:u32 crc:u32 type:u8 payload[length]  ; crc = CRC32C(length bytes, type, payload)
 * </pre>
 *
 * The checksum covers the length so that a damaged length is detected like a damaged payload;
 * type 0 is never written, so zero-filled space never parses as a record. Stateless.
 */
public final class LogFormat {
    /** The WAL format version this build writes and reads. */
    public static final int WAL_VERSION = 1;
    /**
     * The manifest format version this build writes; it reads 1 to 3 (version 2 added the
     * history-floor and named-snapshot tags, version 3 column defaults in the schema text,
     * docs/format/manifest.md).
     */
    public static final int MANIFEST_VERSION = 3;
    public static final byte[] WAL_MAGIC = "TWAL".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] MANIFEST_MAGIC = "TMAN".getBytes(StandardCharsets.US_ASCII);
    /** Record type of a WAL commit batch. */
    public static final int TYPE_WAL_BATCH = 1;
    /** Record type of a manifest version edit. */
    public static final int TYPE_VERSION_EDIT = 2;

    /** Header bytes: magic, version, header CRC. */
    public static final int HEADER_SIZE = 10;
    /** Bytes before a record's payload: length, crc, type. */
    public static final int FRAME_SIZE = 9;
    /** Largest payload written or accepted: 1 GiB. */
    public static final int MAX_PAYLOAD = 1 << 30;

    private LogFormat() {
    }

    /** The header of a file with this magic at the version this build writes. */
    public static byte[] header(byte[] magic) {
        return header(magic, currentVersion(magic));
    }

    /** The version this build writes for files with this magic; it reads every version from 1 to it. */
    public static int currentVersion(byte[] magic) {
        return java.util.Arrays.equals(magic, MANIFEST_MAGIC) ? MANIFEST_VERSION : WAL_VERSION;
    }

    /** A header with any version (tests write future versions with it). */
    public static byte[] header(byte[] magic, int version) {
        byte[] h = new byte[HEADER_SIZE];
        System.arraycopy(magic, 0, h, 0, 4);
        h[4] = (byte) (version >>> 8);
        h[5] = (byte) version;
        CRC32C c = new CRC32C();
        c.update(h, 0, 6);
        ByteWriter.putInt(h, 6, (int) c.getValue());
        return h;
    }

    /** CRC32C of a framed record whose frame starts at {@code b[off]}: length, then type + payload. */
    public static int recordCrc(CRC32C crc, byte[] b, int off, int payloadLength) {
        crc.reset();
        crc.update(b, off, 4);
        crc.update(b, off + 8, 1 + payloadLength);
        return (int) crc.getValue();
    }

    public static int getInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    static String magicText(byte[] b, int off) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int c = b[off + i] & 0xFF;
            sb.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return sb.toString();
    }
}
