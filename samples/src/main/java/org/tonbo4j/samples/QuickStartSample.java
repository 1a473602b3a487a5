package org.tonbo4j.samples;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.tonbo4j.Nullable;
import org.tonbo4j.PrimaryKey;
import org.tonbo4j.RowIterator;
import org.tonbo4j.Scan;
import org.tonbo4j.Snapshot;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;

/**
 * Quick start: a table of Java records in a local directory — insert, get, a range scan, a
 * snapshot, delete, and the rows still there after reopening.
 *
 * <p>Run from the repository root: {@code scripts/sample.sh QuickStartSample [DIR]} (default: a
 * temporary directory). Its test runs it in the test suite.
 */
public final class QuickStartSample {
    /** A user; the name is the primary key, the e-mail may be null. */
    public record User(@PrimaryKey String name, @Nullable String email, byte age) {
    }

    private QuickStartSample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("tonbo-quickstart-");
        Path path = dir.resolve("users");
        try (Table<User> users = Tonbo.open(path, User.class)) {
            users.insertAll(List.of(new User("Alice", "alice@example.com", (byte) 30),
                    new User("Bob", null, (byte) 25), new User("Carol", "carol@example.com", (byte) 41),
                    new User("Dave", "dave@example.com", (byte) 35)));
            System.out.println("get Alice: " + users.get("Alice").orElseThrow());

            // keys from "B" (inclusive) to "D" (exclusive), in key order
            try (RowIterator<User> it = users.scan(Scan.builder().from("B").toExclusive("D").build())) {
                it.forEachRemaining(u -> System.out.println("scan B..D: " + u.name() + ", " + u.age()));
            }

            try (Snapshot<User> before = users.snapshot()) {
                users.delete("Bob");
                users.insert(new User("Alice", "alice@new.example.com", (byte) 31)); // same key: replaces the row
                System.out.println("after delete: Bob present = " + users.get("Bob").isPresent()
                        + ", snapshot still sees Bob = " + before.get("Bob").isPresent());
            }
            users.flush(); // write the memtable to a Parquet file now (it happens by itself when full)
        }
        try (Table<User> users = Tonbo.open(path, User.class)) {
            long count = 0;
            try (RowIterator<User> it = users.scan()) {
                while (it.hasNext()) {
                    it.next();
                    count++;
                }
            }
            System.out.println("reopened: " + count + " users, Alice = " + users.get("Alice").orElseThrow());
            for (var f : users.files()) {
                System.out.println("file: " + f.name() + " at L" + f.level() + ", " + f.rows() + " rows, " + f.bytes() + " bytes");
            }
        }
    }
}
