package org.tonbo4j;

/**
 * Thrown by {@link Transaction#commit()} when a key the transaction wrote or read for update was
 * committed by someone else after the transaction's snapshot. Nothing of the transaction was
 * written; retrying it from a new snapshot may succeed.
 */
public class TransactionConflictException extends TonboException {
    private static final long serialVersionUID = 1L;

    public TransactionConflictException(String message) {
        super(message);
    }
}
