package dev.paperboy.store;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * What really differs between the two SQL engines Paperboy runs on. Everything else is one portable SQL text: both
 * speak {@code INSERT … ON CONFLICT … DO UPDATE/NOTHING}, CTEs, window functions, {@code NULLS LAST}, {@code ||}.
 */
public enum Dialect {
    /** The embedded default: one file, one writer at a time. */
    SQLITE {
        @Override
        void configure(HikariConfig config) {
            config.setMaximumPoolSize(8);
            // Per-connection pragmas: the SQLite driver applies these when it opens each connection. WAL lets the
            // server read while a CLI import writes from another process; the busy timeout makes a writer wait for
            // the other instead of failing.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            // Each of the pool's connections has its own page cache: at 64 MiB each, 8 of them held 0.5 GB of copies
            // of the same pages under a search load. At 8 MiB the rest comes from the kernel's page cache, one
            // shared copy that it gives back under memory pressure.
            config.addDataSourceProperty("cache_size", "-8192");
        }

        @Override
        String migration(String sql) {
            return sql;
        }

        @Override
        String begin() {
            return "BEGIN IMMEDIATE";
        }

        @Override
        public boolean serialisesWriters() {
            return true;
        }

        @Override
        void lockMigrations(Connection connection) {
            // Each migration's DDL runs in one transaction, which SQLite already gives to one process at a time.
        }

        @Override
        void unlockMigrations(Connection connection) {}
    },

    /** A server shared by several Paperboy nodes; writers run side by side, each row locked on its own. */
    POSTGRESQL {
        private static final Pattern BLOB = Pattern.compile("\\bBLOB\\b");
        private static final Pattern TEXT = Pattern.compile("\\bTEXT\\b");
        /** Any number, the same in every Paperboy: the advisory lock that lets one node migrate at a time. */
        private static final long MIGRATION_LOCK = 0x7061706572626f79L;

        @Override
        void configure(HikariConfig config) {
            config.setMaximumPoolSize(10);
            config.setMinimumIdle(2);
            // Not reWriteBatchedInserts: it folds a batch into one multi-row INSERT, and an upsert batch that names
            // a paper twice (which the catalogue applies in order) would then fail. The driver already sends a whole
            // batch in one round trip.
        }

        @Override
        String migration(String sql) {
            // Byte order for every text column, as in SQLite, whatever locale the database was created with: ids,
            // dates and ISO-8601 instants then sort and compare the same on both engines.
            return TEXT.matcher(BLOB.matcher(sql).replaceAll("BYTEA")).replaceAll("TEXT COLLATE \"C\"");
        }

        @Override
        public boolean serialisesWriters() {
            return false;
        }

        @Override
        String begin() {
            return "BEGIN";
        }

        @Override
        void lockMigrations(Connection connection) throws SQLException {
            try (var lock = connection.prepareStatement("SELECT pg_advisory_lock(?)")) {
                lock.setLong(1, MIGRATION_LOCK);
                lock.execute();
            }
        }

        @Override
        void unlockMigrations(Connection connection) throws SQLException {
            try (var unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, MIGRATION_LOCK);
                unlock.execute();
            }
        }
    };

    /** Pool size and the engine's connection settings. */
    abstract void configure(HikariConfig config);

    /** A migration file's SQL, written with portable types ({@code TEXT}, {@code BLOB}), in this engine's terms. */
    abstract String migration(String sql);

    /**
     * True when the engine takes one writer at a time (SQLite): writes then queue on a fair lock in this process
     * rather than spin on the engine's busy lock. PostgreSQL locks rows, so its writers go ahead side by side.
     */
    public abstract boolean serialisesWriters();

    /**
     * The statement that opens a transaction: on SQLite one that takes the write lock at once ({@code IMMEDIATE}),
     * so a transaction that reads before it writes never finds its snapshot stale; PostgreSQL locks rows as it goes.
     */
    abstract String begin();

    /** Keeps other processes from migrating the same database at the same time. */
    abstract void lockMigrations(Connection connection) throws SQLException;

    abstract void unlockMigrations(Connection connection) throws SQLException;
}
