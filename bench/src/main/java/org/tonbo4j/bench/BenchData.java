package org.tonbo4j.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.tonbo4j.ColumnType;
import org.tonbo4j.Schema;

/**
 * The logical data every engine stores: a table of {@code rows} rows keyed by an INT64 {@code id}
 * with eight value columns of mixed types. Stateless and thread-safe.
 *
 * <p>The keys are the even numbers {@code 0, 2, ..., 2 * (rows - 1)}, inserted in a shuffled order
 * (fixed seed), so odd numbers are guaranteed misses. A row's values are a pure function of its key
 * ({@link #row(long)}), so any engine's answer can be checked without keeping the data around.
 *
 * <table>
 *   <caption>Columns</caption>
 *   <tr><th>column</th><th>type</th><th>values</th></tr>
 *   <tr><td>id</td><td>INT64 (key)</td><td>even numbers, shuffled insert order</td></tr>
 *   <tr><td>c1</td><td>INT64</td><td>uniform in [0, 2^40)</td></tr>
 *   <tr><td>c2</td><td>INT32</td><td>uniform in [1, 1000]</td></tr>
 *   <tr><td>c3</td><td>FLOAT64</td><td>amount with 2 decimals in [0, 10,000)</td></tr>
 *   <tr><td>c4</td><td>STRING</td><td>10-30 chars of random syllables (name-like)</td></tr>
 *   <tr><td>c5</td><td>STRING</td><td>one of 6 status words (low cardinality)</td></tr>
 *   <tr><td>c6</td><td>BOOLEAN</td><td>true 25% of the time</td></tr>
 *   <tr><td>c7</td><td>DATE</td><td>2020-01-01 plus [0, 2000) days</td></tr>
 *   <tr><td>c8</td><td>DECIMAL(12,2)</td><td>uniform in [0, 100,000,000.00)</td></tr>
 * </table>
 *
 * <p>That is the {@code random} distribution (the default): near-uniform values, close to the
 * worst case for any compression. The {@code orders} distribution ({@code --data=orders}) keeps
 * the same columns and types with the skew and correlation of a real order table: c1 a customer
 * id (50,000 customers, skewed), c2 a quantity (1-50, mostly small), c3 the unit price and c4
 * the name of one of 2,000 products, c5 the status (mostly delivered), c6 a flag (25%), c7 the
 * order date (rising with the key, about 500 orders a day), c8 the line total (quantity × price).
 */
final class BenchData {
    static final int COLUMNS = 9;
    static final int DECIMAL_SCALE = 2;

    static final Schema SCHEMA = Schema.builder()
            .column("id", ColumnType.INT64, false)
            .column("c1", ColumnType.INT64, false)
            .column("c2", ColumnType.INT32, false)
            .column("c3", ColumnType.FLOAT64, false)
            .column("c4", ColumnType.STRING, false)
            .column("c5", ColumnType.STRING, false)
            .column("c6", ColumnType.BOOLEAN, false)
            .column("c7", ColumnType.DATE, false)
            .column("c8", ColumnType.decimal(12, DECIMAL_SCALE), false)
            .primaryKey("id")
            .build();

    /** The column a projection scan reads (besides the key). */
    static final String PROJECTED_COLUMN = "c1";
    static final int PROJECTED_INDEX = 1;

    private static final String[] STATUS = {"pending", "paid", "shipped", "delivered", "returned", "cancelled"};
    private static final String[] SYLLABLES = {
        "ka", "mi", "ro", "te", "su", "lo", "na", "vi", "de", "po", "zu", "ha", "ri", "ke", "mo", "sa",
        "an", "el", "is", "or", "ul", "ba", "ce", "di", "fo", "gu", "ja", "le", "ni", "qu", "to", "we"};
    private static final long EPOCH_DAY_2020 = LocalDate.of(2020, 1, 1).toEpochDay();

    /** Value distributions; see the class comment. */
    enum Distribution { RANDOM, ORDERS }

    /** The distribution every generated row uses; set once by the benchmark before generating. */
    static volatile Distribution distribution = Distribution.RANDOM;

    private static final int PRODUCTS = 2_000;
    private static final String[] PRODUCT_NAMES = new String[PRODUCTS];
    private static final long[] PRODUCT_CENTS = new long[PRODUCTS];

    static {
        SplittableRandom r = new SplittableRandom(0x5eed_0f_0dd5L);
        for (int p = 0; p < PRODUCTS; p++) {
            PRODUCT_NAMES[p] = name(r);
            PRODUCT_CENTS[p] = 99 + r.nextInt(50_000);
        }
    }

    private final long rows;

    BenchData(long rows) {
        if (rows < 1 || rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("rows must be 1.." + Integer.MAX_VALUE + ", got " + rows);
        }
        this.rows = rows;
    }

    long rows() {
        return rows;
    }

    /** The keys in insert order: every even number below {@code 2 * rows}, shuffled with a fixed seed. */
    long[] insertOrder() {
        long[] keys = new long[(int) rows];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = 2L * i;
        }
        SplittableRandom r = new SplittableRandom(0x7a3b_19c2_55e1_0f4dL);
        for (int i = keys.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long t = keys[i];
            keys[i] = keys[j];
            keys[j] = t;
        }
        return keys;
    }

    /** A key that exists, drawn from {@code r}. */
    long existingKey(SplittableRandom r) {
        return 2L * r.nextLong(rows);
    }

    /** A key that does not exist (odd, within the key range), drawn from {@code r}. */
    long missingKey(SplittableRandom r) {
        return 2L * r.nextLong(rows) + 1;
    }

    /** The values of the row with this key, in schema order (id first), as the engines' Java classes. */
    static Object[] row(long key) {
        SplittableRandom r = new SplittableRandom(key * 0x9E37_79B9_7F4A_7C15L + 0x2545_F491_4F6C_DD1DL);
        if (distribution == Distribution.ORDERS) {
            return orderRow(key, r);
        }
        Object[] v = new Object[COLUMNS];
        v[0] = key;
        v[1] = r.nextLong(1L << 40);
        v[2] = 1 + r.nextInt(1000);
        v[3] = r.nextInt(1_000_000) / 100.0;
        v[4] = name(r);
        v[5] = STATUS[r.nextInt(STATUS.length)];
        v[6] = r.nextInt(4) == 0;
        v[7] = LocalDate.ofEpochDay(EPOCH_DAY_2020 + r.nextInt(2000));
        v[8] = BigDecimal.valueOf(r.nextLong(10_000_000_000L), DECIMAL_SCALE);
        return v;
    }

    private static Object[] orderRow(long key, SplittableRandom r) {
        Object[] v = new Object[COLUMNS];
        double u = r.nextDouble();
        int product = (int) (PRODUCTS * u * u);
        int quantity = 1 + (int) (50 * Math.pow(r.nextDouble(), 3));
        double c = r.nextDouble();
        v[0] = key;
        v[1] = 1 + (long) (50_000 * c * c);
        v[2] = quantity;
        v[3] = PRODUCT_CENTS[product] / 100.0;
        v[4] = PRODUCT_NAMES[product];
        int s = r.nextInt(100);
        v[5] = STATUS[s < 70 ? 3 : s < 80 ? 2 : s < 88 ? 1 : s < 94 ? 0 : s < 98 ? 4 : 5];
        v[6] = r.nextInt(4) == 0;
        v[7] = LocalDate.ofEpochDay(EPOCH_DAY_2020 + key / 1000);
        v[8] = BigDecimal.valueOf(quantity * PRODUCT_CENTS[product], DECIMAL_SCALE);
        return v;
    }

    /** The values a projection scan returns for this key: the key and the projected column, nulls elsewhere. */
    static Object[] projectedRow(long key) {
        Object[] full = row(key);
        Object[] v = new Object[COLUMNS];
        v[0] = full[0];
        v[PROJECTED_INDEX] = full[PROJECTED_INDEX];
        return v;
    }

    private static String name(SplittableRandom r) {
        int length = 10 + r.nextInt(21);
        StringBuilder sb = new StringBuilder(length + 2);
        while (sb.length() < length) {
            sb.append(SYLLABLES[r.nextInt(SYLLABLES.length)]);
            if (r.nextInt(5) == 0) {
                sb.append(r.nextInt(2) == 0 ? '.' : '_');
            }
        }
        sb.setLength(length);
        return sb.toString();
    }
}
