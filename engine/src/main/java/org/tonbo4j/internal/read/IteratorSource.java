package org.tonbo4j.internal.read;

import java.util.Iterator;
import org.tonbo4j.internal.Entry;

/** An {@link EntrySource} over an iterator, e.g. of a memtable. */
public final class IteratorSource implements EntrySource {
    private final Iterator<Entry> it;
    private Entry current;

    public IteratorSource(Iterator<Entry> it) {
        this.it = it;
        this.current = it.hasNext() ? it.next() : null;
    }

    @Override
    public Entry peek() {
        return current;
    }

    @Override
    public void next() {
        current = it.hasNext() ? it.next() : null;
    }
}
