package dev.paperboy.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.App;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.paper.Catalogue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup taken while the server writes holds every write acknowledged before it began, and restores whole. */
class BackupRestoreTest {
    @TempDir
    Path dir;

    @Test
    void a_backup_taken_mid_load_restores_every_write_acknowledged_before_it() throws Exception {
        Path backup = dir.resolve("backup");
        Path restored = dir.resolve("restored");
        List<String> acknowledgedBefore;
        String secret;
        try (var server = TestApp.withDemo(Map.of("search.embed", "false")).start()) {
            var community = server.app().community();
            secret = server.app().serverSecret();
            List<String> papers = server.app().catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, 20)
                    .stream().map(l -> l.paper().id()).toList();
            var acknowledged = new ConcurrentLinkedQueue<String>();
            var stop = new AtomicBoolean();
            var failures = new ConcurrentLinkedQueue<Throwable>();
            var writers = new ArrayList<Thread>();
            for (int w = 0; w < 2; w++) {
                var member = community.accounts().create("writer" + w + "@example.org", "writer" + w, Role.MEMBER);
                writers.add(Thread.ofPlatform().start(() -> {
                    for (int n = 0; !stop.get(); n++) {
                        try {
                            acknowledged.add(community.comments().add(member, papers.get(n % papers.size()), "note " + n, null).id());
                        } catch (Throwable t) {
                            failures.add(t);
                            return;
                        }
                    }
                }));
            }
            awaitAtLeast(acknowledged, 30);
            acknowledgedBefore = List.copyOf(acknowledged);
            // The backup runs as the CLI does: its own process's pool on the server's database.
            try (var cli = new App(server.app().config(), Clock.systemUTC())) {
                var report = Backups.backup(cli.database(), server.dataDir(), backup);
                assertThat(report.secret()).isTrue();
            }
            int atBackup = acknowledged.size();
            awaitAtLeast(acknowledged, atBackup + 10);
            assertThatThrownBy(() -> Backups.restore(backup, server.dataDir(), Clock.systemUTC()))
                    .isInstanceOf(RefusedException.class).hasMessageContaining("stop it");
            stop.set(true);
            for (var writer : writers) {
                writer.join();
            }
            assertThat(failures).isEmpty();
        }

        Backups.restore(backup, restored, Clock.systemUTC());

        assertThat(Files.readString(restored.resolve("secret.key")).strip()).isEqualTo(secret);
        Set<String> comments = new HashSet<>();
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + restored.resolve("paperboy.db"));
                var rows = db.createStatement().executeQuery("SELECT id FROM comments")) {
            while (rows.next()) {
                comments.add(rows.getString(1));
            }
        }
        assertThat(comments).containsAll(acknowledgedBefore);
        var config = dev.paperboy.Config.defaultsOnly().with("data.dir", restored.toString())
                .with("server.host", "127.0.0.1").with("server.port", "0").with("search.embed", "false");
        try (var app = new App(config, Clock.systemUTC())) {
            app.catalogue().enqueueAllForSearch();
            app.serve();
            assertThat(app.catalogue().count()).isEqualTo(685);
            assertThat(app.searchBackend().counts().documents()).isEqualTo(685);
        }
    }

    @Test
    void a_backup_refuses_a_destination_that_already_holds_files() throws Exception {
        Files.createDirectories(dir.resolve("full"));
        Files.writeString(dir.resolve("full/notes.txt"), "keep me");
        try (var app = TestApp.empty()) {
            assertThatThrownBy(() -> Backups.backup(app.app().database(), app.dataDir(), dir.resolve("full")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an empty directory");
        }
    }

    @Test
    void restore_refuses_a_directory_without_a_backup_in_it() {
        assertThatThrownBy(() -> Backups.restore(dir, dir.resolve("data"), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds no paperboy.db");
    }

    private static void awaitAtLeast(ConcurrentLinkedQueue<String> queue, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (queue.size() < n) {
            assertThat(System.nanoTime()).as("writes did not reach %d", n).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
