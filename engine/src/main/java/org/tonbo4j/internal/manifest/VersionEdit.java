package org.tonbo4j.internal.manifest;

import java.util.ArrayList;
import java.util.List;
import org.tonbo4j.Schema;

/**
 * One change to the set of live files, as recorded in the manifest. Fields left null (or empty)
 * are unchanged by the edit. The first edit of a manifest is a full snapshot: it has the schema,
 * all counters and every live file. Mutable while being built, then treated as immutable.
 */
public final class VersionEdit {
    /** Set only in the first edit of a manifest. */
    public Schema schema;
    /** Highest sequence number that is durable in SSTs or WAL segments at or above {@link #walFloor}. */
    public Long lastSequence;
    /** Next unused file number. */
    public Long nextFileNumber;
    /** WAL segments with a number below this are fully flushed and no longer needed. */
    public Long walFloor;
    /**
     * Every version visible at a sequence at or above this floor is kept by the files (format
     * version 2). The largest floor any edit recorded is the table's time-travel horizon.
     */
    public Long historyFloor;
    /** Named snapshots pinned by this edit, name to sequence (format version 2). */
    public final java.util.Map<String, Long> pinned = new java.util.TreeMap<>();
    /** Named snapshots dropped by this edit (format version 2). */
    public final List<String> unpinned = new ArrayList<>();
    public final List<FileMeta> added = new ArrayList<>();
    /** Removed files as {level, number}. */
    public final List<long[]> deleted = new ArrayList<>();

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("VersionEdit{");
        if (schema != null) {
            sb.append("schema, ");
        }
        sb.append("lastSeq=").append(lastSequence).append(", nextFile=").append(nextFileNumber)
                .append(", walFloor=").append(walFloor)
                .append(", historyFloor=").append(historyFloor).append(", pinned=").append(pinned)
                .append(", unpinned=").append(unpinned).append(", added=").append(added).append(", deleted=[");
        for (long[] d : deleted) {
            sb.append(" L").append(d[0]).append('#').append(d[1]);
        }
        return sb.append("]}").toString();
    }
}
