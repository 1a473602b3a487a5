package org.tonbo4j;

/**
 * Thrown when bytes on storage are not what the format says: a bad checksum, magic, version or
 * length. Names the file and the byte offset where the damage was found.
 */
public class CorruptionException extends TonboException {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final long offset;

    public CorruptionException(String file, long offset, String problem) {
        super("corrupt file " + file + " at offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public CorruptionException(String file, long offset, String problem, Throwable cause) {
        super("corrupt file " + file + " at offset " + offset + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The storage name of the damaged file. */
    public String file() {
        return file;
    }

    /** The byte offset where the damage was found (-1 when unknown). */
    public long offset() {
        return offset;
    }
}
