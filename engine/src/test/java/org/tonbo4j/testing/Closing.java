package org.tonbo4j.testing;

import org.tonbo4j.Table;
import org.tonbo4j.TonboException;

/** Closing a table in fault tests, where the close itself may fail after an injected failure. */
public final class Closing {
    private Closing() {
    }

    /** Closes {@code t} if it is open; a failure to close is expected there and left to the reopen that follows. */
    public static void afterFailure(Table<?> t) {
        if (t != null) {
            try {
                t.close();
            } catch (TonboException e) {
                // Closing after a failure may fail too; the reopen decides.
            }
        }
    }
}
