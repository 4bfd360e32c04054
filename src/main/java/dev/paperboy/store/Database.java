package dev.paperboy.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
 * The database, opened by URL: SQLite in a data directory (the embedded default) or a PostgreSQL server shared by
 * several nodes. A pooled {@link DataSource}, migrated on open; {@link #dialect()} says what differs.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.dialect = dialect;
    }

    /**
     * Opens the database at {@code url} and applies pending migrations: {@code sqlite:DIR} ({@code paperboy.db} in
     * DIR, created if needed), {@code postgresql://user:password@host:port/database} or {@code jdbc:postgresql://…}.
     *
     * @throws IllegalArgumentException when the URL is neither
     * @throws UnreachableDatabaseException when the server cannot be reached or refuses the credentials
     */
    public static Database open(String url) {
        String u = url == null ? "" : url.strip();
        if (u.startsWith("sqlite:")) {
            return openSqlite(Path.of(u.substring("sqlite:".length())));
        }
        if (u.startsWith("postgresql://") || u.startsWith("postgres://") || u.startsWith("jdbc:postgresql://")) {
            return openPostgresql(u);
        }
        throw new IllegalArgumentException("database.url must be sqlite:DIR or postgresql://user:password@host:port/database, not '"
                + redact(u) + "'");
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
        Dialect.SQLITE.configure(config);
        return migrated(new Database(new HikariDataSource(config), Dialect.SQLITE));
    }

    private static Database openPostgresql(String url) {
        var config = new HikariConfig();
        String jdbcUrl;
        if (url.startsWith("jdbc:")) {
            jdbcUrl = url;
        } else {
            // postgresql://user:password@host:port/db?params, the form libpq and most hosting services give.
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("database.url is not a valid URL: " + redact(url));
            }
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new IllegalArgumentException("database.url must name a host and a database, like "
                        + "postgresql://paperboy:secret@localhost:5432/paperboy, not '" + redact(url) + "'");
            }
            jdbcUrl = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String userInfo = uri.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                config.setUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
                if (colon >= 0) {
                    config.setPassword(decode(userInfo.substring(colon + 1)));
                }
            }
        }
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("postgresql");
        Dialect.POSTGRESQL.configure(config);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UnreachableDatabaseException("cannot connect to PostgreSQL at " + redact(url) + ": "
                    + cause.getMessage(), e);
        }
        return migrated(new Database(dataSource, Dialect.POSTGRESQL));
    }

    private static Database migrated(Database database) {
        try {
            Migrations.apply(database.dataSource, database.dialect);
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The URL without its password, for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(://[^:/@]*:)[^@/]*@", "$1******@").replaceAll("(?i)(password=)[^&]*", "$1******");
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    public Dialect dialect() {
        return dialect;
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
        execute(connection, dialect.begin());
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
     * Runs {@code work} in one transaction, on SQLite one writer at a time in this process. For the short writes of
     * web requests (a vote, a comment): fifty concurrent requests then queue on a fair lock in memory instead of
     * spinning on SQLite's busy lock, which is what keeps their tail latency low. PostgreSQL needs no such lock.
     */
    public <T> T write(HandleCallback<T, RuntimeException> work) {
        if (!dialect.serialisesWriters()) {
            return jdbi.inTransaction(work);
        }
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
        if (!dialect.serialisesWriters()) {
            return inTransaction(work);
        }
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
