package dev.paperboy.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.sqlite.SQLiteException;
import org.jdbi.v3.core.Jdbi;

/**
 * The embedded SQLite database under the data directory: a pooled {@link DataSource}, migrated on open.
 *
 * <p>WAL mode lets the server read while a CLI import writes from another process; the busy timeout makes a
 * writer wait for the other instead of failing.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens (creating if needed) {@code paperboy.db} in {@code dataDir} and applies pending migrations. */
    public static Database openSqlite(Path dataDir) {
        Path file = dataDir.resolve("paperboy.db").toAbsolutePath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + dataDir.toAbsolutePath() + " (" + reason(e)
                    + "); create it, or choose another with --data DIR");
        }
        if (!Files.isWritable(dataDir)) {
            // SQLite writes its journal beside the database: a read-only directory fails later and less clearly.
            throw new StoreException("the data directory " + dataDir.toAbsolutePath() + " is not writable by this "
                    + "user; fix its permissions, or choose another with --data DIR");
        }
        if (!Files.exists(file)) {
            // Created before SQLite does, so that it is private from the start (0600, like secret.key).
            try {
                Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException | java.nio.file.FileAlreadyExistsException e) {
                // Not a POSIX file system, or another process made it first: SQLite opens it as it is.
            } catch (IOException e) {
                throw new StoreException("cannot create the database " + file + " (" + reason(e)
                        + "); fix the permissions of " + dataDir.toAbsolutePath() + ", or choose another with --data DIR");
            }
        } else if (!Files.isWritable(file)) {
            throw new StoreException("the database " + file + " is not writable by this user; fix its permissions, "
                    + "or choose another data directory with --data DIR");
        }
        var config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.setPoolName("sqlite");
        config.setMaximumPoolSize(8);
        // Per-connection pragmas: the SQLite driver applies these when it opens each connection.
        config.addDataSourceProperty("journal_mode", "WAL");
        config.addDataSourceProperty("synchronous", "NORMAL");
        config.addDataSourceProperty("busy_timeout", "10000");
        config.addDataSourceProperty("foreign_keys", "true");
        config.addDataSourceProperty("cache_size", "-65536");
        var database = new Database(new HikariDataSource(config));
        Migrations.apply(database.dataSource);
        return database;
    }

    private static String reason(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getClass().getSimpleName();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs {@code work} in one transaction on one connection, committing if it returns normally.
     *
     * <p>The transaction takes SQLite's write lock when it begins ({@code BEGIN IMMEDIATE}), not at its first write.
     * A deferred transaction that reads and then writes fails at once with {@code SQLITE_BUSY_SNAPSHOT} when another
     * process (a CLI import beside the server) committed in between: its snapshot is stale, and waiting cannot help.
     * Taking the lock first makes it wait ({@code busy_timeout}) instead; if even that runs out, the whole
     * transaction is rolled back and run again, a few times, since {@code work} has done nothing that outlives it.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                return immediate(connection, work);
            } catch (SQLException | RuntimeException e) {
                if (attempt >= ATTEMPTS || !busy(e)) {
                    throw e instanceof SQLException sql ? new StoreException(sql) : (RuntimeException) e;
                }
                pause(attempt);
            }
        }
    }

    private static final int ATTEMPTS = 6;

    private <T> T immediate(Connection connection, SqlWork<T> work) throws SQLException {
        execute(connection, "BEGIN IMMEDIATE");
        try {
            T result = work.run(connection);
            execute(connection, "COMMIT");
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                execute(connection, "ROLLBACK");
            } catch (SQLException failed) {
                // A connection whose transaction state is unknown must not serve the next caller.
                e.addSuppressed(failed);
                dataSource.evictConnection(connection);
            }
            throw e;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** SQLite's "another connection holds the lock" in any of its forms, anywhere in the cause chain. */
    static boolean busy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && (sqlite.getResultCode().code & 0xff) == SQLITE_BUSY) {
                return true;
            }
        }
        return false;
    }

    private static final int SQLITE_BUSY = 5;

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(50, 100L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(new SQLException("interrupted while waiting for the database lock", e));
        }
    }

    /**
     * Runs {@code work} in one transaction, one writer at a time in this process. For the short writes of web
     * requests (a vote, a comment): fifty concurrent requests then queue on a fair lock in memory instead of
     * spinning on SQLite's busy lock, which is what keeps their tail latency low.
     */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        writeLock.lock();
        try {
            // Jdbi's own transactions begin deferred; this one begins as inTransaction's do.
            return jdbi.withHandle(handle -> inTransactionOn(handle, work));
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * {@link #write}, for plain JDBC: the hottest request paths, and the server's own background writes (index
     * queue marks, embeddings), which must queue on the same lock or a request would meet SQLite's busy lock.
     */
    public <T> T writeSql(SqlWork<T> work) {
        writeLock.lock();
        try {
            return inTransaction(work);
        } finally {
            writeLock.unlock();
        }
    }

    private <T> T inTransactionOn(Handle handle, HandleCallback<T, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return immediate(handle.getConnection(), connection -> work.withHandle(handle));
            } catch (SQLException | RuntimeException e) {
                if (attempt >= ATTEMPTS || !busy(e)) {
                    throw e instanceof SQLException sql ? new StoreException(sql) : (RuntimeException) e;
                }
                pause(attempt);
            }
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
