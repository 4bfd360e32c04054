package dev.paperboy;

import dev.paperboy.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The database engine the tests run on: SQLite (the default), or PostgreSQL when the system property
 * {@code paperboy.test.database=postgresql} is set (the second Surefire run of {@code ./mvnw verify}). On PostgreSQL
 * one real server (zonky's embedded binaries) starts once per test JVM, and every data directory gets a fresh
 * database of its own: tests stay as independent as with a SQLite file in a temp directory, and two {@code App}s
 * opened on the same data directory share one database, as they share one SQLite file.
 */
public final class TestDatabases {
    private static final boolean POSTGRESQL = "postgresql".equalsIgnoreCase(System.getProperty("paperboy.test.database", "sqlite"));
    private static final Map<Path, String> BY_DIR = new HashMap<>();
    private static EmbeddedPostgres server;

    private TestDatabases() {}

    /** True when this run tests PostgreSQL. */
    public static boolean postgresql() {
        return POSTGRESQL;
    }

    /** {@code config} with {@code database.url} pointing at the test database of its {@code data.dir}. */
    public static Config configure(Config config) {
        return config.with("database.url", url(config.path("data.dir")));
    }

    /**
     * The {@code database.url} for a test whose data lives in {@code dataDir}: empty on SQLite (the file in the data
     * directory), else a PostgreSQL database made for that directory on first use.
     */
    public static synchronized String url(Path dataDir) {
        if (!POSTGRESQL) {
            return "";
        }
        return postgresqlUrl(dataDir);
    }

    /**
     * A PostgreSQL database of its own for {@code dir}, made on first use, whichever engine this run tests: for tests
     * of the copies between the engines ({@code migrate}, backups of PostgreSQL).
     */
    public static synchronized String postgresqlUrl(Path dataDir) {
        return BY_DIR.computeIfAbsent(dataDir.toAbsolutePath().normalize(), dir -> {
            String name = "t" + (BY_DIR.size() + 1);
            try (Connection c = server().getPostgresDatabase().getConnection(); var s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create a test database", e);
            }
            return "postgresql://postgres:postgres@localhost:" + server().getPort() + "/" + name;
        });
    }

    /** A {@code database.url} for a database of its own in {@code dir}, which several apps can share. */
    public static String sharedUrl(Path dir) {
        return POSTGRESQL ? url(dir) : "sqlite:" + dir;
    }

    /** The test database of {@code dataDir}, opened and migrated. */
    public static Database open(Path dataDir) {
        return Database.open(sharedUrl(dataDir));
    }

    /**
     * Command-line arguments with {@code --database URL} added after {@code --data DIR} on PostgreSQL, so that a
     * command run in a test finds the test database of that directory.
     */
    public static String[] cli(String... args) {
        var out = new java.util.ArrayList<>(java.util.List.of(args));
        int data = out.indexOf("--data");
        if (POSTGRESQL && data >= 0 && data + 1 < out.size()) {
            out.addAll(data + 2, java.util.List.of("--database", url(Path.of(out.get(data + 1)))));
        }
        return out.toArray(String[]::new);
    }

    /** A plain JDBC connection to the test database of {@code dataDir}, for tests that look at rows directly. */
    public static Connection connect(Path dataDir) throws SQLException {
        if (!POSTGRESQL) {
            return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("paperboy.db").toAbsolutePath());
        }
        String url = url(dataDir);
        return DriverManager.getConnection("jdbc:" + url.replace("postgres:postgres@", ""), "postgres", "postgres");
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // fsync off: a test database need not survive a power cut, and every commit is then ~10x faster.
                server = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "500")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    // The JVM is ending; the server's temp directory goes with the next clean-up.
                }
            }));
        }
        return server;
    }
}
