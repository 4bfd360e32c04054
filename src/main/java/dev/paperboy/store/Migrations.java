package dev.paperboy.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Versioned schema migrations from {@code db/migration/V<n>__<name>.sql}, applied in order, each in its own
 * transaction, and recorded in {@code schema_version}.
 *
 * <p>Hand-written rather than Flyway: Flyway no longer ships SQLite support in its core artifact, and the whole
 * job is the forty lines below.
 */
final class Migrations {
    /** Append new files here; never edit one that has shipped. */
    static final List<String> FILES = List.of("V1__catalogue.sql", "V2__harvest.sql", "V3__search.sql",
            "V4__community.sql", "V5__digest.sql", "V8__recommend.sql", "V9__keywords.sql", "V10__migrate.sql",
            "V11__harvest_progress.sql");

    private Migrations() {}

    static void apply(DataSource dataSource, Dialect dialect) {
        try (Connection connection = dataSource.getConnection()) {
            dialect.lockMigrations(connection);
            try {
                applyAll(connection, dialect);
            } finally {
                dialect.unlockMigrations(connection);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static void applyAll(Connection connection, Dialect dialect) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        }
        // Every missing version, not only those above the highest: a database that got a later migration first
        // (two features developed side by side) still gets the earlier one.
        var applied = new java.util.HashSet<Integer>();
        try (var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT version FROM schema_version")) {
            while (rows.next()) {
                applied.add(rows.getInt(1));
            }
        }
        for (String file : FILES) {
            int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
            if (!applied.contains(version)) {
                applyOne(connection, version, file, dialect);
            }
        }
    }

    private static void applyOne(Connection connection, int version, String file, Dialect dialect) throws SQLException {
        connection.setAutoCommit(false);
        try (var statement = connection.createStatement()) {
            for (String sql : statements(dialect.migration(read(file)))) {
                statement.execute(sql);
            }
            try (var insert = connection.prepareStatement(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                insert.setInt(1, version);
                insert.setString(2, file);
                insert.setString(3, Instant.now().toString());
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            // A concurrent process may have applied the same migration first; that is fine.
            if (!isAlreadyApplied(connection, version)) {
                throw e;
            }
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static boolean isAlreadyApplied(Connection connection, int version) throws SQLException {
        try (var query = connection.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
            query.setInt(1, version);
            try (var rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static List<String> statements(String script) {
        var withoutComments = script.lines()
                .map(line -> line.contains("--") ? line.substring(0, line.indexOf("--")) : line)
                .reduce("", (a, b) -> a + "\n" + b);
        return java.util.Arrays.stream(withoutComments.split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + file)) {
            if (in == null) {
                throw new StoreException("missing migration " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
