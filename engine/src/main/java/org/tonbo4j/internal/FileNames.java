package org.tonbo4j.internal;

/**
 * The names of a table's files inside its {@link org.tonbo4j.storage.Storage}. Every file
 * number comes from one counter in the manifest, so numbers never repeat within a table.
 * See docs/format/layout.md.
 */
public final class FileNames {
    public static final String CURRENT = "CURRENT";
    public static final String LOCK = "LOCK";
    public static final String WAL_DIR = "wal/";
    public static final String SST_DIR = "sst/";
    public static final String MANIFEST_PREFIX = "MANIFEST-";

    private FileNames() {
    }

    public static String wal(long number) {
        return WAL_DIR + String.format("%06d.log", number);
    }

    public static String sst(long number) {
        return SST_DIR + String.format("%06d.parquet", number);
    }

    public static String manifest(long number) {
        return MANIFEST_PREFIX + String.format("%06d", number);
    }

    /** The number in a wal, sst or manifest name, or -1 if the name is not one of ours. */
    public static long number(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        if (base.startsWith(MANIFEST_PREFIX)) {
            base = base.substring(MANIFEST_PREFIX.length());
        } else {
            int dot = base.indexOf('.');
            if (dot < 0) {
                return -1;
            }
            base = base.substring(0, dot);
        }
        try {
            return Long.parseLong(base);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
