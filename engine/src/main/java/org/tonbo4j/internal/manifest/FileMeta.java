package org.tonbo4j.internal.manifest;

/**
 * The manifest's record of one SST file. Immutable.
 *
 * @param number file number (the file is {@code FileNames.sst(number)})
 * @param level LSM level, 0 = newest
 * @param fileBytes file size
 * @param rowCount rows (all versions and tombstones)
 * @param minKey smallest encoded key
 * @param maxKey largest encoded key
 * @param minSeq smallest sequence number
 * @param maxSeq largest sequence number
 */
public record FileMeta(long number, int level, long fileBytes, long rowCount, byte[] minKey, byte[] maxKey,
                       long minSeq, long maxSeq) {

    public FileMeta atLevel(int newLevel) {
        return new FileMeta(number, newLevel, fileBytes, rowCount, minKey, maxKey, minSeq, maxSeq);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FileMeta)) {
            return false;
        }
        FileMeta f = (FileMeta) o;
        return f.number == number && f.level == level && f.fileBytes == fileBytes && f.rowCount == rowCount
                && java.util.Arrays.equals(f.minKey, minKey) && java.util.Arrays.equals(f.maxKey, maxKey)
                && f.minSeq == minSeq && f.maxSeq == maxSeq;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number) * 31 + level;
    }

    @Override
    public String toString() {
        return "FileMeta{#" + number + " L" + level + ", " + fileBytes + " B, " + rowCount + " rows, seq " + minSeq + ".." + maxSeq + "}";
    }
}
