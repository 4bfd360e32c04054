package dev.paperboy.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.paperboy.Config;
import dev.paperboy.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the database by URL, on the engine of this run (SQLite, or PostgreSQL in the second run). */
class DatabaseTest {
    @TempDir
    Path dir;

    @Test
    void an_empty_url_means_the_sqlite_file_in_the_data_directory() {
        Config config = Config.defaultsOnly().with("data.dir", dir.toString());
        assertThat(config.databaseUrl()).isEqualTo("sqlite:" + dir);
        try (var database = Database.open(config.databaseUrl())) {
            assertThat(database.dialect()).isEqualTo(Dialect.SQLITE);
        }
        assertThat(dir.resolve("paperboy.db")).exists();
    }

    @Test
    void every_migration_is_applied_once_and_opening_again_applies_none() {
        String url = TestDatabases.sharedUrl(dir);
        try (var first = Database.open(url)) {
            assertThat(versions(first)).isEqualTo(Migrations.FILES.size());
        }
        try (var again = Database.open(url)) {
            assertThat(versions(again)).isEqualTo(Migrations.FILES.size());
        }
    }

    private static int versions(Database database) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM schema_version").mapTo(Integer.class).one());
    }

    @Test
    void a_url_of_another_kind_is_refused_in_one_line_that_hides_the_password() {
        assertThatThrownBy(() -> Database.open("mysql://paperboy:hunter2@db/paperboy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("database.url must be sqlite:DIR or postgresql://user:password@host:port/database, "
                        + "not 'mysql://paperboy:******@db/paperboy'");
    }

    @Test
    void a_postgresql_url_without_a_database_is_refused() {
        assertThatThrownBy(() -> Database.open("postgresql://paperboy:hunter2@localhost:5432"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must name a host and a database")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void a_server_that_is_not_there_gives_one_clear_line() {
        assertThatThrownBy(() -> Database.open("postgresql://paperboy:hunter2@127.0.0.1:1/paperboy"))
                .isInstanceOf(UnreachableDatabaseException.class)
                .hasMessageStartingWith("cannot connect to PostgreSQL at postgresql://paperboy:******@127.0.0.1:1/paperboy: ")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void the_configuration_listing_masks_the_database_password() {
        Config config = Config.defaultsOnly().with("database.url", "postgresql://paperboy:hunter2@db:5432/paperboy");
        assertThat(config.describe()).contains("database.url = postgresql://paperboy:******@db:5432/paperboy")
                .doesNotContain("hunter2");
    }

    @Test
    void postgresql_migrations_store_vectors_as_bytea_and_compare_text_byte_by_byte_as_sqlite_does() {
        assertThat(Dialect.POSTGRESQL.migration("CREATE TABLE e (id TEXT PRIMARY KEY, vector BLOB NOT NULL, n INTEGER)"))
                .isEqualTo("CREATE TABLE e (id TEXT COLLATE \"C\" PRIMARY KEY, vector BYTEA NOT NULL, n INTEGER)");
        assertThat(Dialect.SQLITE.migration("CREATE TABLE e (vector BLOB)")).isEqualTo("CREATE TABLE e (vector BLOB)");
    }

    @Test
    void a_libpq_style_and_a_jdbc_url_open_the_same_postgresql_database() {
        assumeTrue(TestDatabases.postgresql(), "PostgreSQL run only");
        String url = TestDatabases.url(dir);
        String jdbc = "jdbc:" + url.replace("postgres:postgres@", "") + "?user=postgres&password=postgres";
        try (var a = Database.open(url); var b = Database.open(jdbc)) {
            assertThat(a.dialect()).isEqualTo(Dialect.POSTGRESQL);
            a.write(h -> h.createUpdate("INSERT INTO upstream_pacing (host, last_request_at) VALUES ('x', 'y')").execute());
            String read = b.jdbi().withHandle(h -> h.createQuery("SELECT last_request_at FROM upstream_pacing WHERE host = 'x'")
                    .mapTo(String.class).one());
            assertThat(read).isEqualTo("y");
        }
    }

    @Test
    void text_sorts_by_code_point_on_both_engines() {
        try (var database = Database.open(TestDatabases.sharedUrl(dir))) {
            database.write(h -> h.createUpdate("INSERT INTO upstream_pacing (host, last_request_at) VALUES "
                    + "('b', '1'), ('B', '2'), ('a-c', '3'), ('ab', '4'), ('_', '5')").execute());
            java.util.List<String> hosts = database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT host FROM upstream_pacing ORDER BY host").mapTo(String.class).list());
            assertThat(hosts).containsExactly("B", "_", "a-c", "ab", "b");
        }
    }
}
