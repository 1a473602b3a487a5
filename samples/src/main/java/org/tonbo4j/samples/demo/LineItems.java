package org.tonbo4j.samples.demo;

import java.time.LocalDate;
import java.util.Random;

/**
 * The demo's data set: line items of orders, shaped like TPC-H's {@code lineitem} table, generated
 * from a fixed seed so that every run (and every database in one run) gets the same rows.
 *
 * <p>Values follow TPC-H's distributions closely enough for its queries to be meaningful: orders
 * of 1–7 lines, quantities 1–50, discounts 0.00–0.10, taxes 0.00–0.08, ship dates over
 * 1992–1998, return flag and line status derived from the dates. Not thread-safe: one generator
 * per stream of rows.
 */
final class LineItems {
    static final String[] SHIP_MODES = {"AIR", "FOB", "MAIL", "RAIL", "REG AIR", "SHIP", "TRUCK"};
    private static final String[] WORDS = {"carefully", "final", "deposits", "express", "ironic", "packages",
        "slyly", "quickly", "regular", "requests", "blithely", "furiously", "pending", "accounts", "bold", "even"};
    private static final LocalDate START = LocalDate.of(1992, 1, 1);
    private static final LocalDate CUTOFF = LocalDate.of(1995, 6, 17);

    /** One generated row; fields are overwritten by {@link #next()}. */
    static final class Row {
        long id;
        long orderKey;
        int custKey;
        int quantity;
        long extendedPriceCents;
        int discountPercent;
        int taxPercent;
        String returnFlag;
        String lineStatus;
        LocalDate shipDate;
        String shipMode;
        String comment;
    }

    private final Random random;
    private final Row row = new Row();
    private long nextId;
    private long orderKey;
    private int linesLeft;
    private int custKey;
    private LocalDate orderDate = START;

    LineItems(long seed) {
        this.random = new Random(seed);
    }

    /** The next row (the same object every time, refilled). */
    Row next() {
        if (linesLeft == 0) {
            orderKey++;
            linesLeft = 1 + random.nextInt(7);
            custKey = 1 + random.nextInt(150_000);
            orderDate = START.plusDays(random.nextInt(2406));
        }
        linesLeft--;
        Row r = row;
        r.id = nextId++;
        r.orderKey = orderKey;
        r.custKey = custKey;
        r.quantity = 1 + random.nextInt(50);
        long partPriceCents = 90_000 + random.nextInt(110_000);
        r.extendedPriceCents = r.quantity * partPriceCents;
        r.discountPercent = random.nextInt(11);
        r.taxPercent = random.nextInt(9);
        r.shipDate = orderDate.plusDays(1 + random.nextInt(121));
        LocalDate receipt = r.shipDate.plusDays(1 + random.nextInt(30));
        r.returnFlag = receipt.isAfter(CUTOFF) ? "N" : (random.nextBoolean() ? "R" : "A");
        r.lineStatus = r.shipDate.isAfter(CUTOFF) ? "O" : "F";
        r.shipMode = SHIP_MODES[random.nextInt(SHIP_MODES.length)];
        r.comment = comment();
        return r;
    }

    private String comment() {
        StringBuilder b = new StringBuilder(44);
        int words = 2 + random.nextInt(3);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return b.toString();
    }
}
