package org.tonbo4j;

import java.util.List;

/**
 * What {@link Table#verify()} found: how many files and rows it read, and every problem, each
 * naming the file (empty when the table is sound).
 */
public record VerifyReport(int files, long rows, List<String> problems) {
    public VerifyReport {
        problems = List.copyOf(problems);
    }

    /** Whether no problem was found. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
