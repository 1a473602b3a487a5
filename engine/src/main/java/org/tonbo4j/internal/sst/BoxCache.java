package org.tonbo4j.internal.sst;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Shared boxed values for the small decimals and the dates that analytical columns repeat
 * (quantities, discounts, ship dates): a scan materializing millions of rows then reuses a few
 * thousand objects instead of creating one per value. Both types are immutable, so sharing is
 * safe; slots are filled racily, which at worst creates an equal object twice. Thread-safe.
 */
final class BoxCache {
    /** Unscaled decimal values [0, DECIMALS) are cached, per scale up to MAX_SCALE. */
    private static final int DECIMALS = 8192;
    private static final int MAX_SCALE = 18;
    private static final BigDecimal[][] SMALL_DECIMALS = new BigDecimal[MAX_SCALE + 1][];
    /** Dates are cached by epoch day in [DATE_BASE, DATE_BASE + DATES): 1970 to 2149. */
    private static final int DATE_BASE = 0;
    private static final int DATES = 65536;
    private static final LocalDate[] DATES_CACHE = new LocalDate[DATES];

    private BoxCache() {
    }

    static BigDecimal decimal(long unscaled, int scale) {
        if (unscaled < 0 || unscaled >= DECIMALS || scale < 0 || scale > MAX_SCALE) {
            return BigDecimal.valueOf(unscaled, scale);
        }
        BigDecimal[] row = SMALL_DECIMALS[scale];
        if (row == null) {
            row = new BigDecimal[DECIMALS];
            SMALL_DECIMALS[scale] = row;
        }
        BigDecimal d = row[(int) unscaled];
        if (d == null) {
            d = BigDecimal.valueOf(unscaled, scale);
            row[(int) unscaled] = d;
        }
        return d;
    }

    static LocalDate date(int epochDay) {
        int i = epochDay - DATE_BASE;
        if (i < 0 || i >= DATES) {
            return LocalDate.ofEpochDay(epochDay);
        }
        LocalDate d = DATES_CACHE[i];
        if (d == null) {
            d = LocalDate.ofEpochDay(epochDay);
            DATES_CACHE[i] = d;
        }
        return d;
    }
}
