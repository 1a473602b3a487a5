package org.tonbo4j.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tonbo4j.Options;
import org.tonbo4j.Row;
import org.tonbo4j.Table;
import org.tonbo4j.Tonbo;
import org.tonbo4j.storage.LocalStorage;
import picocli.CommandLine.Parameters;

/** The table directory every subcommand takes first, and how it is opened. */
final class TableOption {
    @Parameters(index = "0", paramLabel = "TABLE", description = "the table's directory")
    Path directory;

    /**
     * Opens the table with its stored schema. Opening takes the table's write lock and, like any
     * open, replays a WAL left by a crash.
     */
    Table<Row> open() {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no such directory: " + directory);
        }
        LocalStorage storage;
        try {
            storage = new LocalStorage(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + directory + ": " + e.getMessage(), e);
        }
        return Tonbo.open(storage, Options.defaults());
    }
}
