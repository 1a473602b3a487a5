package org.tonbo4j.internal.db;

import java.util.List;
import org.tonbo4j.internal.memtable.MemTable;

/**
 * What one reader sees: the memtables (newest first) and the pinned SST version as of one
 * sequence number. Immutable; the version stays pinned until the view is released.
 */
final class ReadView {
    final List<MemTable> memtables;
    final Version version;
    final long seq;

    ReadView(List<MemTable> memtables, Version version, long seq) {
        this.memtables = memtables;
        this.version = version;
        this.seq = seq;
    }
}
