package org.tonbo4j.h2.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;

/**
 * The local directory of a tonbo table's files: made at CREATE TABLE, deleted at DROP TABLE.
 *
 * <p>The default directory, {@code <database>.tonbo/t<table id>}, is the adapter's own: H2 hands
 * each new table an object id that no table in its catalog has, so files already there at CREATE
 * belong to no table H2 knows. They are what a crash left after CREATE TABLE wrote them but
 * before H2's catalog kept the table, and they are removed. A directory given with {@code path}
 * is the user's: CREATE refuses one that holds files. Stateless.
 */
final class TableDirectory {
    private static final System.Logger LOG = System.getLogger(TableDirectory.class.getName());

    private TableDirectory() {
    }

    /**
     * Makes the directory of a table being created, empty.
     *
     * @param managed whether it is the default directory beside the database (leftover files are
     *        removed) rather than one the user gave (leftover files are an error)
     */
    static void create(Path dir, boolean managed, String tableName) {
        if (hasFiles(dir)) {
            if (!managed) {
                throw DbException.get(ErrorCode.GENERAL_ERROR_1, "tonbo table " + tableName + ": the directory " + dir
                        + " already holds files; choose another path or remove them");
            }
            LOG.log(System.Logger.Level.WARNING, "tonbo table {0}: removing the files in {1}, left by a table the H2"
                    + " catalog does not know (a crash after an earlier CREATE TABLE)", tableName, dir);
            delete(dir);
        }
        try { // at CREATE, not at the first write: a path that cannot hold the table is an error now
            Files.createDirectories(dir);
        } catch (IOException | RuntimeException e) {
            throw DbException.get(ErrorCode.GENERAL_ERROR_1, e, "tonbo table " + tableName
                    + ": cannot create the table directory " + dir + " (" + e + ")");
        }
    }

    static boolean hasFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isPresent();
        } catch (IOException e) {
            return true;
        }
    }

    /** Deletes the directory and everything in it; nothing if it does not exist. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw DbException.get(ErrorCode.GENERAL_ERROR_1, e, "could not delete the tonbo files in " + dir);
        }
    }
}
