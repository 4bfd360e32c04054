package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.App;
import dev.paperboy.Populated;
import dev.paperboy.TestDatabases;
import dev.paperboy.community.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backup} and {@code restore} on PostgreSQL (the real embedded server): the backup is one portable SQLite
 * file read from one snapshot, and it restores into PostgreSQL and into SQLite with every row.
 */
class PortableBackupTest {
    @TempDir
    Path dir;

    @Test
    void a_backup_of_postgresql_restores_every_row_into_postgresql_and_into_sqlite() throws Exception {
        Path node = dir.resolve("node");
        String original = TestDatabases.postgresqlUrl(node);
        Populated.fill(Populated.config(node, original));
        Path backup = dir.resolve("backup");

        var backedUp = Cli.run("backup", "--data", node.toString(), "--database", original, backup.toString());

        assertThat(backedUp.status()).as(backedUp.err()).isZero();
        assertThat(backup.resolve("paperboy.db")).isRegularFile();
        assertThat(backup.resolve("paperboy.db-wal")).doesNotExist();
        assertThat(Files.readString(backup.resolve("secret.key"))).isEqualTo(Files.readString(node.resolve("secret.key")));

        // Restored over a database with rows of its own (a server once started on it): the backup's rows replace them.
        Path pgNode = dir.resolve("restored-pg");
        String restoredUrl = TestDatabases.postgresqlUrl(pgNode);
        try (var other = new App(Populated.config(pgNode, restoredUrl), Clock.systemUTC())) {
            other.loadDemoIfEmpty();
            other.community().accounts().create("someone-else@example.org", "Someone else", Role.ADMIN);
        }
        var intoPostgresql = Cli.run("restore", "--data", pgNode.toString(), "--database", restoredUrl, backup.toString());
        assertThat(intoPostgresql.status()).as(intoPostgresql.err()).isZero();

        Path sqliteNode = dir.resolve("restored-sqlite");
        var intoSqlite = Cli.run("restore", "--data", sqliteNode.toString(), backup.toString());
        assertThat(intoSqlite.status()).as(intoSqlite.err()).isZero();

        try (Connection from = Populated.postgresql(original); Connection pg = Populated.postgresql(restoredUrl);
                Connection sqlite = Populated.sqlite(sqliteNode)) {
            for (String table : Populated.tables(sqlite)) {
                if (table.equals("search_queue")) {
                    continue; // a restore queues every paper to be indexed again
                }
                var rows = Populated.rows(from, table);
                assertThat(rows).as("the test fills %s", table).isNotEmpty();
                assertThat(Populated.rows(pg, table)).as(table).isEqualTo(rows);
                assertThat(Populated.rows(sqlite, table)).as(table).isEqualTo(rows);
            }
            assertThat(Populated.rows(pg, "users").toString()).doesNotContain("someone-else@example.org");
        }
        assertThat(Files.readString(pgNode.resolve("secret.key"))).isEqualTo(Files.readString(node.resolve("secret.key")));
    }

    @Test
    void a_backup_runs_beside_a_serving_node_and_restore_refuses_the_database_it_serves() throws Exception {
        Path node = dir.resolve("node");
        String url = TestDatabases.postgresqlUrl(node);
        try (var server = new App(Populated.config(node, url), Clock.systemUTC())) {
            server.loadDemoIfEmpty();
            server.serve();
            var backedUp = Cli.run("backup", "--data", dir.resolve("cli").toString(), "--database", url,
                    dir.resolve("backup").toString());
            assertThat(backedUp.status()).as(backedUp.err()).isZero();

            var refused = Cli.run("restore", "--data", dir.resolve("elsewhere").toString(), "--database", url,
                    dir.resolve("backup").toString());

            assertThat(refused.status()).isEqualTo(4);
            assertThat(refused.err()).contains("stop every node").hasLineCount(1);
            assertThat(server.catalogue().count()).isEqualTo(685);
        }
    }
}
