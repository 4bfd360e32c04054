package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.App;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.paper.ArxivId;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CLI import is a second process with its own connection pool on the server's database file. Whatever the server
 * writes meanwhile (votes, comments, index queue marks), the import completes and so does every server write.
 */
class ImportBesideServerTest {
    @TempDir
    Path dir;

    @Test
    void an_import_completes_while_another_app_on_the_same_data_directory_votes_comments_and_indexes() throws Exception {
        List<String> lines = Fixtures.arxivCsHead(3_000);
        Path file = Fixtures.write(dir, "snapshot.jsonl", lines);
        try (var server = TestApp.withDemo(Map.of("search.embed", "false")).start()) {
            var community = server.app().community();
            var members = new ArrayList<dev.paperboy.community.User>();
            for (int i = 0; i < 3; i++) {
                members.add(community.accounts().create("m" + i + "@example.org", "m" + i, Role.MEMBER));
            }
            List<String> demoPapers = server.app().catalogue().feed(
                    new dev.paperboy.paper.Catalogue.FeedQuery(null, null, null, false, null),
                    dev.paperboy.paper.Catalogue.Order.NEWEST, 0, 40).stream().map(l -> l.paper().id()).toList();

            var stop = new AtomicBoolean();
            var failures = new ConcurrentLinkedQueue<Throwable>();
            var serverWrites = new AtomicInteger();
            var writers = new ArrayList<Thread>();
            for (int w = 0; w < members.size(); w++) {
                var member = members.get(w);
                writers.add(Thread.ofPlatform().start(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        String paper = demoPapers.get(n++ % demoPapers.size());
                        try {
                            community.votes().toggle(member, paper);
                            community.comments().add(member, paper, "Comment " + n + " from " + member.name(), null);
                            serverWrites.addAndGet(2);
                        } catch (Throwable t) {
                            failures.add(t);
                            return;
                        }
                    }
                }));
            }
            ImportReport report;
            try (var cli = new App(server.app().config(), Clock.systemUTC())) {
                report = cli.snapshotImporter().importFile(file, Progress.NONE);
            } finally {
                stop.set(true);
                for (var writer : writers) {
                    writer.join();
                }
            }

            assertThat(failures).isEmpty();
            assertThat(serverWrites.get()).isPositive();
            assertThat(report.clean()).as(report.summary()).isTrue();
            String last = ArxivId.parse(lines.getLast().substring(8, lines.getLast().indexOf('"', 8))).id();
            assertThat(server.app().catalogue().find(last)).isPresent();
            assertThat(server.app().catalogue().count()).isGreaterThanOrEqualTo(3_000);
        }
    }
}
