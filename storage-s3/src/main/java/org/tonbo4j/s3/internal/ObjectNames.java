package org.tonbo4j.s3.internal;

/**
 * How a storage file maps to S3 objects (see docs/s3.md, "Object layout"). A file is its
 * chunks: chunk 0 under the file's own key, chunk {@code i > 0} under {@code key~cNNNNNN}; a
 * published file (such as {@code CURRENT}) is a series of immutable generations
 * {@code key~gNNNNNNNNNNNN}, the highest of which is its content. The engine never uses
 * {@code ~} in its names, so a listing tells the kinds apart. Stateless.
 */
final class ObjectNames {
    static final char MARK = '~';
    private static final String CHUNK = "~c";
    private static final String GENERATION = "~g";

    private ObjectNames() {
    }

    static String chunk(String key, int index) {
        return index == 0 ? key : key + CHUNK + String.format("%06d", index);
    }

    static String generation(String key, long generation) {
        return key + GENERATION + String.format("%012d", generation);
    }

    /** The file key an object belongs to: the part before {@code ~}. */
    static String fileKey(String objectKey) {
        int i = objectKey.indexOf(MARK);
        return i < 0 ? objectKey : objectKey.substring(0, i);
    }

    /** The chunk index of an object of {@code fileKey}, or -1 if it is not one of its chunks. */
    static int chunkIndex(String fileKey, String objectKey) {
        if (objectKey.equals(fileKey)) {
            return 0;
        }
        if (objectKey.startsWith(fileKey + CHUNK)) {
            return parse(objectKey.substring(fileKey.length() + CHUNK.length()), 6);
        }
        return -1;
    }

    /** The generation of an object of {@code fileKey}, or -1 if it is not one of its generations. */
    static long generationOf(String fileKey, String objectKey) {
        if (objectKey.startsWith(fileKey + GENERATION)) {
            return parse(objectKey.substring(fileKey.length() + GENERATION.length()), 12);
        }
        return -1;
    }

    private static int parse(String digits, int width) {
        if (digits.length() != width) {
            return -1;
        }
        try {
            return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
