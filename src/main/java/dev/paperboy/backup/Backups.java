package dev.paperboy.backup;

import dev.paperboy.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Comparator;
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
     * {@code VACUUM INTO} reads one snapshot of the database, so every write committed before it began is in the
     * copy and none half-done is; writers go on meanwhile (WAL mode).
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
            database.jdbi().useHandle(h -> h.execute("VACUUM INTO ?", copy.toString()));
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
     * @throws IllegalStateException when a server holds the data directory
     * @throws IllegalArgumentException when {@code src} holds no readable, intact backup
     */
    public static void restore(Path src, Path dataDir, Clock clock) {
        Path backup = src.resolve(DATABASE);
        if (!Files.isRegularFile(backup)) {
            throw new IllegalArgumentException(src + " holds no " + DATABASE + "; give the directory `paperboy backup` wrote");
        }
        check(backup);
        try {
            Files.createDirectories(dataDir);
            Path indexDir = dataDir.resolve("index");
            Files.createDirectories(indexDir);
            // The server holds the index's write lock for as long as it runs: holding it here keeps one from starting.
            try (var directory = FSDirectory.open(indexDir); Lock lock = directory.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
                String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(clock.instant());
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
                if (Files.exists(src.resolve(SECRET))) {
                    if (Files.exists(dataDir.resolve(SECRET))) {
                        Files.move(dataDir.resolve(SECRET), dataDir.resolve(SECRET + ".before-restore-" + stamp));
                    }
                    Files.copy(src.resolve(SECRET), dataDir.resolve(SECRET));
                    restrict(dataDir.resolve(SECRET), "rw-------");
                }
                try (var files = Files.list(indexDir)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        if (!file.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME)) {
                            deleteTree(file);
                        }
                    }
                }
            } catch (LockObtainFailedException e) {
                throw new IllegalStateException("a server (or another job) is using " + dataDir
                        + "; stop it, then run restore again");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore into " + dataDir + ": " + e.getMessage(), e);
        }
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
