package org.tonbo4j;

/**
 * Thrown when a read at a past sequence number or a named snapshot is asked for but that history
 * is not retained (older than the retention window and no pinned snapshot covers it), or the name
 * is unknown.
 */
public class SnapshotUnavailableException extends TonboException {
    private static final long serialVersionUID = 1L;

    public SnapshotUnavailableException(String message) {
        super(message);
    }
}
