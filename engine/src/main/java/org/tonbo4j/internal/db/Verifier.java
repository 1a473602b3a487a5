package org.tonbo4j.internal.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tonbo4j.VerifyReport;
import org.tonbo4j.internal.Entry;
import org.tonbo4j.internal.FileNames;
import org.tonbo4j.internal.key.KeyCodec;
import org.tonbo4j.internal.manifest.FileMeta;
import org.tonbo4j.internal.read.SstSource;

/**
 * Reads every data file of a pinned version end to end and checks what the engine relies on:
 * Parquet page checksums (verified by the reader), rows sorted by key ascending then sequence
 * descending, the row count, key range and sequence range the manifest records, and in levels
 * 1 and deeper files in key order with disjoint ranges. Collects every problem instead of
 * stopping at the first. Stateless.
 */
final class Verifier {
    private Verifier() {
    }

    static VerifyReport verify(Version v, TableCache tables) {
        List<String> problems = new ArrayList<>();
        int files = 0;
        long rows = 0;
        for (int level = 0; level < v.levelCount(); level++) {
            FileMeta previous = null;
            for (FileMeta f : v.files(level)) {
                files++;
                rows += verifyFile(f, tables, problems);
                if (level > 0 && previous != null && KeyCodec.compare(previous.maxKey(), f.minKey()) >= 0) {
                    problems.add("level " + level + ": " + FileNames.sst(previous.number()) + " and "
                            + FileNames.sst(f.number()) + " overlap in key range");
                }
                previous = f;
            }
        }
        return new VerifyReport(files, rows, problems);
    }

    private static long verifyFile(FileMeta f, TableCache tables, List<String> problems) {
        String name = FileNames.sst(f.number());
        long n = 0;
        Entry first = null;
        Entry last = null;
        try (SstSource s = new SstSource(tables.reader(f), null, null, false, null, false)) {
            for (Entry e = s.peek(); e != null; s.next(), e = s.peek()) {
                if (last != null) {
                    int c = KeyCodec.compare(last.key, e.key);
                    if (c > 0 || (c == 0 && last.seq <= e.seq)) {
                        problems.add(name + ": row " + n + " is out of order (key ascending, sequence descending)");
                        return n;
                    }
                }
                if (e.seq != 0 && (e.seq < f.minSeq() || e.seq > f.maxSeq())) {
                    problems.add(name + ": row " + n + " has sequence " + e.seq + " outside the manifest's "
                            + f.minSeq() + ".." + f.maxSeq());
                }
                if (first == null) {
                    first = e;
                }
                last = e;
                n++;
            }
        } catch (RuntimeException e) {
            problems.add(name + ": unreadable after row " + n + ": " + e.getMessage());
            return n;
        }
        if (n != f.rowCount()) {
            problems.add(name + ": " + n + " rows, the manifest says " + f.rowCount());
        }
        if (first != null && (!Arrays.equals(first.key, f.minKey()) || !Arrays.equals(last.key, f.maxKey()))) {
            problems.add(name + ": key range differs from the manifest's");
        }
        return n;
    }
}
