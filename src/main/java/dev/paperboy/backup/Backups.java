package dev.paperboy.backup;

import dev.paperboy.backup.TableCopy.Table;
import dev.paperboy.store.Database;
import dev.paperboy.store.Dialect;
import dev.paperboy.store.Leases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * Backups of what cannot be rebuilt: the database (an online, consistent copy taken while the server writes) and
 * {@code secret.key} (without it, every session, mailed link and library-feed address stops working). The search
 * index is derived from the database and is rebuilt after a restore, never copied.
 */
public final class Backups {
    public static final String DATABASE = "paperboy.db";
    public static final String SECRET = "secret.key";

    private Backups() {}

    /** What a backup wrote. */
    public record Report(Path database, long bytes, boolean secret) {}

    /**
     * Writes a consistent copy of the database and the secret key into {@code dest} (created; it must be empty).
     * On SQLite, {@code VACUUM INTO} reads one snapshot of the database, so every write committed before it began is
     * in the copy and none half-done is; writers go on meanwhile (WAL mode). On PostgreSQL the copy is the same
     * portable SQLite file, written from one REPEATABLE READ snapshot and checked table by table against it, so a
     * backup restores into either engine.
     *
     * @throws IllegalArgumentException when {@code dest} exists and is not an empty directory
     */
    public static Report backup(Database database, Path dataDir, Path dest) {
        try {
            if (Files.exists(dest) && (!Files.isDirectory(dest) || hasEntries(dest))) {
                throw new IllegalArgumentException(dest + " exists and is not an empty directory; give a new one");
            }
            Files.createDirectories(dest);
            restrict(dest, "rwx------");
            Path copy = dest.resolve(DATABASE).toAbsolutePath();
            if (database.dialect() == Dialect.SQLITE) {
                database.jdbi().useHandle(h -> h.execute("VACUUM INTO ?", copy.toString()));
            } else {
                portableCopy(database, dest);
            }
            restrict(copy, "rw-------");
            boolean secret = Files.exists(dataDir.resolve(SECRET));
            if (secret) {
                Files.copy(dataDir.resolve(SECRET), dest.resolve(SECRET), StandardCopyOption.COPY_ATTRIBUTES);
                restrict(dest.resolve(SECRET), "rw-------");
            }
            return new Report(copy, Files.size(copy), secret);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backup to " + dest + ": " + e.getMessage(), e);
        }
    }

    /**
     * Puts a backup in place in {@code dataDir}: the database and secret key of the backup replace the ones there
     * (kept beside them as {@code *.before-restore-TIME}), and the search index is emptied, to be rebuilt from the
     * restored database when the server starts.
     *
     * @throws RefusedException when a server holds the data directory
     * @throws IllegalArgumentException when {@code src} holds no readable, intact backup
     */
    public static void restore(Path src, Path dataDir, Clock clock) {
        Path backup = requireBackup(src);
        try {
            Files.createDirectories(dataDir);
            try (var held = hold(dataDir, "restore")) {
                String stamp = stamp(clock);
                Path db = dataDir.resolve(DATABASE);
                if (Files.exists(db)) {
                    Files.move(db, dataDir.resolve(DATABASE + ".before-restore-" + stamp));
                }
                for (String suffix : new String[] {"-wal", "-shm"}) {
                    Files.deleteIfExists(dataDir.resolve(DATABASE + suffix));
                }
                Path incoming = dataDir.resolve(DATABASE + ".restoring");
                Files.copy(backup, incoming, StandardCopyOption.REPLACE_EXISTING);
                restrict(incoming, "rw-------");
                move(incoming, db);
                restoreSecretAndEmptyIndex(src, dataDir, stamp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore into " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores a backup into {@code target}, a PostgreSQL database (or any database opened by URL): in one
     * transaction every row of the copied tables is replaced by the backup's, and checked table by table against it
     * before it commits. A backup written by an older Paperboy is migrated first (on a temporary copy). The secret
     * key goes into {@code dataDir} and the search index there is emptied, as for SQLite.
     *
     * @return the rows restored
     * @throws RefusedException while a server uses the database or the data directory
     * @throws IllegalArgumentException when {@code src} holds no readable, intact backup
     */
    public static long restore(Path src, Database target, Path dataDir, Clock clock) {
        Path backup = requireBackup(src);
        try {
            Files.createDirectories(dataDir);
            try (var held = hold(dataDir, "restore")) {
                for (String name : target.jdbi().withHandle(h -> h.createQuery("SELECT name FROM job_leases").mapTo(String.class).list())) {
                    var holder = new Leases(target, clock).holder(name);
                    if (holder.isPresent()) {
                        throw new RefusedException("a running Paperboy (" + holder.get() + ") uses the database (it holds the '"
                                + name + "' lease); stop every node, then run restore again");
                    }
                }
                Path scratch = Files.createTempDirectory(dataDir, "restoring-");
                long rows;
                try {
                    Files.copy(backup, scratch.resolve(DATABASE));
                    try (Database from = Database.openSqlite(scratch)) {
                        rows = TableCopy.inSnapshot(from.dataSource(), source -> replace(source, target));
                    }
                } finally {
                    deleteTree(scratch);
                }
                restoreSecretAndEmptyIndex(src, dataDir, stamp(clock));
                return rows;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore into " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static long replace(Connection source, Database target) throws SQLException {
        List<Table> tables = TableCopy.tables(source);
        boolean stripNul = target.dialect() == Dialect.POSTGRESQL;
        Map<String, TableCopy.Summary> expected = TableCopy.summarise(source, tables);
        return target.inTransaction(to -> {
            for (Table table : tables.reversed()) {
                try (var delete = to.createStatement()) {
                    delete.executeUpdate("DELETE FROM \"" + table.name() + "\"");
                }
            }
            long rows = 0;
            for (Table table : tables) {
                rows += TableCopy.copyAll(source, to, table, Migration.BATCH, stripNul);
            }
            var restored = TableCopy.summarise(to, tables);
            if (!restored.equals(expected)) {
                throw new IllegalStateException("the restored rows differ from the backup's in "
                        + differing(expected, restored) + "; nothing was changed");
            }
            return rows;
        });
    }

    /** The backup file in {@code src}, after checking it is an intact SQLite database. */
    private static Path requireBackup(Path src) {
        Path backup = src.resolve(DATABASE);
        if (!Files.isRegularFile(backup)) {
            throw new IllegalArgumentException(src + " holds no " + DATABASE + "; give the directory `paperboy backup` wrote");
        }
        check(backup);
        return backup;
    }

    private static String stamp(Clock clock) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant());
    }

    /** The backup's secret key in place of the current one (kept aside), and an empty search index to rebuild. */
    private static void restoreSecretAndEmptyIndex(Path src, Path dataDir, String stamp) throws IOException {
        if (Files.exists(src.resolve(SECRET))) {
            if (Files.exists(dataDir.resolve(SECRET))) {
                Files.move(dataDir.resolve(SECRET), dataDir.resolve(SECRET + ".before-restore-" + stamp));
            }
            Files.copy(src.resolve(SECRET), dataDir.resolve(SECRET));
            restrict(dataDir.resolve(SECRET), "rw-------");
        }
        try (var files = Files.list(dataDir.resolve("index"))) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!file.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME)) {
                    deleteTree(file);
                }
            }
        }
    }

    /**
     * Holds the data directory for a job that must run alone on it: the search index's write lock, which a server
     * holds for as long as it runs, so that none can start meanwhile either.
     *
     * @throws RefusedException when a server (or another job) holds it
     */
    static Hold hold(Path dataDir, String job) {
        Path indexDir = dataDir.resolve("index");
        FSDirectory directory = null;
        try {
            Files.createDirectories(indexDir);
            directory = FSDirectory.open(indexDir);
            Lock lock = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME);
            FSDirectory opened = directory;
            return () -> {
                try (opened; lock) {
                    // Both released, the lock first.
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        } catch (LockObtainFailedException e) {
            closeQuietly(directory);
            throw new RefusedException("a server (or another job) is using " + dataDir + "; stop it, then run " + job + " again");
        } catch (IOException e) {
            closeQuietly(directory);
            throw new UncheckedIOException("cannot use " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** The data directory held by {@link #hold}, until closed. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    private static void closeQuietly(FSDirectory directory) {
        if (directory != null) {
            try {
                directory.close();
            } catch (IOException ignored) {
                // Already failing with a clearer reason.
            }
        }
    }

    /**
     * The PostgreSQL database as a portable SQLite file in {@code dest}: every table of the schema, read in one
     * REPEATABLE READ snapshot while the nodes keep writing, then checked table by table against that snapshot.
     */
    private static void portableCopy(Database database, Path dest) {
        try (Database copy = Database.openSqlite(dest)) {
            TableCopy.inSnapshot(database.dataSource(), from -> {
                List<Table> tables;
                try (Connection sqlite = copy.dataSource().getConnection()) {
                    tables = TableCopy.tables(sqlite);
                }
                Map<String, TableCopy.Summary> expected = TableCopy.summarise(from, tables);
                copy.inTransaction(to -> {
                    for (Table table : tables) {
                        TableCopy.copyAll(from, to, table, Migration.BATCH, false);
                    }
                    return null;
                });
                var written = TableCopy.inSnapshot(copy.dataSource(), to -> TableCopy.summarise(to, tables));
                if (!written.equals(expected)) {
                    throw new IllegalStateException("the backup differs from the database in " + differing(expected, written));
                }
                return null;
            });
        }
        // One self-contained file, as VACUUM INTO writes: no write-ahead log beside it.
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + dest.resolve(DATABASE).toAbsolutePath());
                var statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=DELETE");
        } catch (SQLException e) {
            throw new dev.paperboy.store.StoreException(e);
        }
    }

    private static String differing(Map<String, TableCopy.Summary> expected, Map<String, TableCopy.Summary> actual) {
        return String.join(", ", expected.keySet().stream().filter(t -> !expected.get(t).equals(actual.get(t))).toList());
    }

    private static void check(Path backup) {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + backup.toAbsolutePath() + "?open_mode=1");
                var rows = connection.createStatement().executeQuery("PRAGMA quick_check")) {
            String result = rows.next() ? rows.getString(1) : "no answer";
            if (!result.equals("ok")) {
                throw new IllegalArgumentException(backup + " is damaged (" + result + "); restore another backup");
            }
        } catch (SQLException e) {
            throw new IllegalArgumentException(backup + " is not a readable database: " + e.getMessage());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean hasEntries(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        }
    }

    private static void deleteTree(Path path) throws IOException {
        try (var paths = Files.walk(path)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void restrict(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the operator keeps the backup directory private.
        }
    }
}
