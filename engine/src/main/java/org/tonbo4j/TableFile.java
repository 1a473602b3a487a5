package org.tonbo4j;

import java.util.List;

/**
 * One data file of a table as the manifest lists it: its level, its name in the table's storage
 * (a Parquet file), size, row count (versions, tombstones included), first and last key (key
 * column values in key order) and range of sequence numbers.
 */
public record TableFile(int level, String name, long bytes, long rows, List<Object> minKey, List<Object> maxKey,
                        long minSeq, long maxSeq) {
}
