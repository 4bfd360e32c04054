package dev.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.App;
import dev.paperboy.Populated;
import dev.paperboy.TestDatabases;
import dev.paperboy.backup.Migration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paperboy migrate} from a real SQLite file (the demo and a community's activity) into the real embedded
 * PostgreSQL: every table copied and equal, an interrupted copy finished by a second run, refusals, and a server on
 * the copy serving the same papers and votes.
 */
class MigrateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static Path template;
    private static Populated.Activity activity;
    private Path source;

    /** One populated instance, copied for each test (filling it takes longer than any migration here). */
    @BeforeAll
    static void populateASqliteInstance(@TempDir Path shared) {
        template = shared.resolve("sqlite");
        activity = Populated.fill(Populated.config(template, "sqlite:" + template));
    }

    @BeforeEach
    void copyTheInstance() throws Exception {
        source = dir.resolve("sqlite");
        Files.createDirectories(source);
        try (var files = Files.list(template)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, source.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void migrating_copies_every_table_and_proves_each_equal() throws Exception {
        String target = TestDatabases.postgresqlUrl(dir.resolve("pg"));

        var run = Cli.run("migrate", "--data", source.toString(), "--to", target, "--batch", "100");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("papers").contains("copied and verified");
        try (Connection from = Populated.sqlite(source); Connection to = Populated.postgresql(target)) {
            var tables = Populated.tables(from);
            // Every table of the schema is copied but the three that describe a database itself.
            assertThat(tables).doesNotContain("schema_version", "job_leases", "migrated_from");
            assertThat(run.out().lines().skip(1).filter(l -> l.contains(" same ")).map(l -> l.split(" +")[0]).toList())
                    .containsExactlyInAnyOrderElementsOf(tables);
            for (String table : tables) {
                List<String> rows = Populated.rows(from, table);
                assertThat(rows).as("the test fills %s (so that its copy is tested)", table).isNotEmpty();
                assertThat(Populated.rows(to, table)).as(table).isEqualTo(rows);
            }
            assertThat(Populated.rows(to, "job_leases")).as("leases are not copied").isEmpty();
        }
    }

    @Test
    void a_migration_killed_mid_copy_finishes_on_the_next_run_without_duplicating_anything() throws Exception {
        String target = TestDatabases.postgresqlUrl(dir.resolve("pg"));
        long total;
        try (Connection from = Populated.sqlite(source)) {
            total = 0;
            for (String table : Populated.tables(from)) {
                total += Populated.rows(from, table).size();
            }
        }

        // One row a transaction: a copy of a few thousand rows that takes seconds, killed in the middle.
        Process first = migrateProcess(target, dir.resolve("first.log"));
        long copiedAtKill;
        try (Connection to = Populated.postgresql(target)) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (copied(to) < 200) {
                assertThat(first.isAlive()).as(Files.readString(dir.resolve("first.log"))).isTrue();
                assertThat(System.nanoTime()).as("the copy did not start").isLessThan(deadline);
                Thread.sleep(20);
            }
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            copiedAtKill = copied(to);
            assertThat(copiedAtKill).as("killed before the copy ended").isLessThan(total);
        }

        var report = new Migration(source, target, Clock.systemUTC(), 100, line -> {}).run();

        assertThat(report.resumed()).isTrue();
        assertThat(report.verified()).as(report.describe()).isTrue();
        long copiedNow = report.tables().stream().mapToLong(Migration.TableReport::copiedNow).sum();
        assertThat(copiedNow).as("the second run copies what the first did not, not everything again")
                .isLessThanOrEqualTo(total - copiedAtKill + 1);
        try (Connection from = Populated.sqlite(source); Connection to = Populated.postgresql(target)) {
            for (String table : Populated.tables(from)) {
                assertThat(Populated.rows(to, table)).as(table).isEqualTo(Populated.rows(from, table));
            }
        }
        // A third run finds everything done: it copies nothing and verifies again.
        var again = Cli.run("migrate", "--data", source.toString(), "--to", target);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out()).contains("copied and verified");
    }

    @Test
    void a_server_on_the_copy_serves_the_same_papers_votes_and_members() throws Exception {
        String target = TestDatabases.postgresqlUrl(dir.resolve("pg"));
        assertThat(Cli.run("migrate", "--data", source.toString(), "--to", target).status()).isZero();
        String paper = activity.votedPapers().getFirst();
        int upvotes;
        int comments;
        try (var sqliteApp = new App(Populated.config(source, "sqlite:" + source), Clock.systemUTC())) {
            upvotes = sqliteApp.catalogue().find(paper).orElseThrow().upvotes();
            comments = sqliteApp.community().comments().forPaper(paper, null).size();
        }

        try (var node = new App(Populated.config(dir.resolve("node"), target), Clock.systemUTC())) {
            node.loadDemoIfEmpty();
            int port = node.serve().port();
            var http = HttpClient.newHttpClient();
            var json = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/papers/" + paper))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(json.get("upvotes").asInt()).isEqualTo(upvotes).isPositive();
            var thread = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/papers/"
                    + paper + "/comments")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(thread.toString()).contains("Comment by member 0");
            assertThat(node.catalogue().count()).isEqualTo(685);
            assertThat(comments).isPositive();
            // The members came along: one signs in on the copy with the password link's account and votes.
            var member = node.community().accounts().byEmail("member4@example.org").orElseThrow();
            String token = node.community().tokens().create(member, "after the move").secret();
            var vote = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/papers/"
                    + activity.votedPapers().get(8) + "/upvote")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(vote.statusCode()).as(vote.body()).isEqualTo(200);
        }
    }

    @Test
    void migrate_refuses_a_running_source_a_target_with_other_data_and_a_wrong_url() throws Exception {
        String target = TestDatabases.postgresqlUrl(dir.resolve("pg"));
        try (var server = new App(Populated.config(source, "sqlite:" + source), Clock.systemUTC())) {
            server.serve();
            var busy = Cli.run("migrate", "--data", source.toString(), "--to", target);
            assertThat(busy.status()).isEqualTo(4);
            assertThat(busy.err()).contains("is using").contains("stop it").hasLineCount(1);
        }

        String other = TestDatabases.postgresqlUrl(dir.resolve("other"));
        try (var started = new App(Populated.config(dir.resolve("other-node"), other), Clock.systemUTC())) {
            started.loadDemoIfEmpty();
        }
        var full = Cli.run("migrate", "--data", source.toString(), "--to", other);
        assertThat(full.status()).isEqualTo(4);
        assertThat(full.err()).contains("already holds data").contains("empty database").hasLineCount(1);

        var wrong = Cli.run("migrate", "--data", source.toString(), "--to", "mysql://root@localhost/paperboy");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("--to must be a PostgreSQL URL").hasLineCount(1);

        var unreachable = Cli.run("migrate", "--data", source.toString(), "--to", "postgresql://paperboy:secret@127.0.0.1:1/paperboy");
        assertThat(unreachable.status()).isEqualTo(5);
        assertThat(unreachable.err()).contains("cannot connect").doesNotContain("secret@").hasLineCount(1);

        var missing = Cli.run("migrate", "--data", dir.resolve("nothing-here").toString(), "--to", target);
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains("no Paperboy database");

        // None of the refusals wrote to the target: a real migration still finds it empty.
        assertThat(Cli.run("migrate", "--data", source.toString(), "--to", target).status()).isZero();
    }

    @Test
    void a_wrong_or_unreachable_solr_is_one_line_and_the_verified_copy_is_kept() throws Exception {
        String target = TestDatabases.postgresqlUrl(dir.resolve("pg"));

        var wrong = Cli.run("migrate", "--data", source.toString(), "--to", target, "--search", "solr",
                "--solr-urls", "solr1:8983");
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("--solr-urls must be Solr base URLs").hasLineCount(1);
        var noUrls = Cli.run("migrate", "--data", source.toString(), "--to", target, "--search", "solr");
        assertThat(noUrls.status()).isEqualTo(2);
        assertThat(noUrls.err()).contains("needs --solr-urls").hasLineCount(1);

        var unreachable = Cli.run("migrate", "--data", source.toString(), "--to", target, "--search", "solr",
                "--solr-urls", "http://127.0.0.1:1/solr", "--solr-collection", "papers");

        assertThat(unreachable.status()).isEqualTo(5);
        assertThat(unreachable.out()).contains("copied and verified");
        assertThat(unreachable.err()).contains("no Solr node answered").contains("run the same command again")
                .hasLineCount(1);
        // The copy stays, complete: another run finds nothing left to copy and verifies it again.
        var again = Cli.run("migrate", "--data", source.toString(), "--to", target);
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(again.out().lines().filter(l -> l.contains(" same ")).map(l -> l.trim().split(" +")[3]).distinct())
                .containsExactly("0");
    }

    private Process migrateProcess(String target, Path log) throws Exception {
        var command = new ArrayList<String>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.paperboy.cli.Main",
                "migrate", "--data", source.toString(), "--to", target, "--batch", "1"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static long copied(Connection to) throws SQLException {
        try (var s = to.createStatement();
                var rows = s.executeQuery("SELECT COALESCE(SUM(copied), 0) FROM migrated_from WHERE table_name <> '*'")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return 0; // the table is not made yet
        }
    }

}
