package org.tonbo4j.internal.sst;

/**
 * What an {@link SstWriter} wrote: the facts the manifest records about the file.
 *
 * @param fileBytes size of the finished file
 * @param rowCount rows in the file (all versions and tombstones)
 * @param minKey smallest encoded key
 * @param maxKey largest encoded key
 * @param minSeq smallest sequence number
 * @param maxSeq largest sequence number
 */
public record SstMeta(long fileBytes, long rowCount, byte[] minKey, byte[] maxKey, long minSeq, long maxSeq) {
}
