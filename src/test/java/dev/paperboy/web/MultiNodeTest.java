package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.Populated;
import dev.paperboy.TestApp;
import dev.paperboy.TestDatabases;
import dev.paperboy.community.Role;
import dev.paperboy.digest.DigestSender;
import dev.paperboy.digest.Frequency;
import dev.paperboy.digest.Preferences;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.store.Database;
import dev.paperboy.store.Leases;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Paperboy nodes (separate {@code App}s, ports and data directories) on one PostgreSQL, as behind a load
 * balancer: concurrent writes through both are counted exactly, sessions, CSRF tokens and API tokens work on either
 * node, digest senders on both mail each subscriber once, and the background work moves to the other node when its
 * node dies.
 */
class MultiNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** From configuration, the same on every node (never from a node's data directory). */
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    // Short, so the takeover is seen in seconds; long enough that a node on a loaded machine still renews in time.
    private static final String LEASE = "PT20S";
    private static final List<String> JOBS = List.of("search-index", "digest-schedule", "recommendations");

    @TempDir
    Path dir;

    private TestApp node(String name, Map<String, String> more) {
        var settings = new HashMap<>(Map.of(
                "data.dir", dir.resolve(name).toString(),
                "database.url", TestDatabases.postgresqlUrl(dir.resolve("db")),
                "search.embed", "false",
                "server.secret", SECRET));
        settings.putAll(more);
        return TestApp.create(true, TestApp.DEMO_NOW, settings);
    }

    @Test
    void fifty_clients_voting_and_commenting_through_two_nodes_are_counted_exactly_everywhere() throws Exception {
        try (var a = node("a", Map.of()); var b = node("b", Map.of())) {
            a.app().loadDemoIfEmpty();
            a.start();
            b.start();
            var nodes = List.of(a, b);
            List<String> papers = a.app().catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, 4)
                    .stream().map(l -> l.paper().id()).toList();
            Map<String, Integer> before = new HashMap<>();
            for (String paper : papers) {
                before.put(paper, a.app().catalogue().find(paper).orElseThrow().upvotes());
            }
            var tokens = new ArrayList<String>();
            for (int c = 0; c < 50; c++) {
                var member = a.app().community().accounts().create("client" + c + "@example.org", "Client " + c, Role.MEMBER);
                tokens.add(b.app().community().tokens().create(member, "load").secret());
            }

            // Each client votes for every paper and comments once, alternating nodes request by request.
            var failures = new ConcurrentLinkedQueue<String>();
            try (var pool = Executors.newFixedThreadPool(50)) {
                var work = new ArrayList<Callable<Void>>();
                for (int c = 0; c < 50; c++) {
                    int client = c;
                    work.add(() -> {
                        var http = HttpClient.newHttpClient();
                        for (int p = 0; p < papers.size(); p++) {
                            var node = nodes.get((client + p) % 2);
                            var vote = send(http, node, "POST", "/api/papers/" + papers.get(p) + "/upvote", tokens.get(client), null);
                            if (vote.statusCode() != 200) {
                                failures.add("vote " + vote.statusCode() + " " + vote.body());
                            }
                        }
                        var comment = send(http, nodes.get(client % 2), "POST", "/api/papers/" + papers.get(client % 2)
                                + "/comments", tokens.get(client), "{\"text\": \"Comment from client " + client + "\"}");
                        if (comment.statusCode() != 201) {
                            failures.add("comment " + comment.statusCode() + " " + comment.body());
                        }
                        return null;
                    });
                }
                for (var done : pool.invokeAll(work)) {
                    done.get();
                }
            }

            assertThat(failures).isEmpty();
            try (Connection db = Populated.postgresql(TestDatabases.postgresqlUrl(dir.resolve("db")))) {
                for (String paper : papers) {
                    assertThat(count(db, "SELECT COUNT(*) FROM votes WHERE paper_id = ?", paper)).isEqualTo(50);
                    assertThat(count(db, "SELECT local_upvotes FROM papers WHERE id = ?", paper)).isEqualTo(50);
                }
                for (int p = 0; p < 2; p++) {
                    assertThat(count(db, "SELECT COUNT(*) FROM comments WHERE paper_id = ?", papers.get(p))).isEqualTo(25);
                    assertThat(count(db, "SELECT num_comments FROM papers WHERE id = ?", papers.get(p))).isEqualTo(25);
                }
            }
            var http = HttpClient.newHttpClient();
            for (var node : nodes) {
                for (String paper : papers) {
                    var json = JSON.readTree(send(http, node, "GET", "/api/papers/" + paper, null, null).body());
                    assertThat(json.get("upvotes").asInt()).as(paper).isEqualTo(before.get(paper) + 50);
                }
                for (int p = 0; p < 2; p++) {
                    var thread = JSON.readTree(send(http, node, "GET", "/api/papers/" + papers.get(p) + "/comments", null, null).body());
                    assertThat(thread.size()).as("comments on node %s", node.baseUrl()).isEqualTo(25);
                }
            }
        }
    }

    @Test
    void a_session_signed_in_on_one_node_works_on_the_other_with_its_csrf_token() throws Exception {
        try (var a = node("a", Map.of()); var b = node("b", Map.of())) {
            a.app().loadDemoIfEmpty();
            a.start();
            b.start();
            String paper = a.app().catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, 1).getFirst().paper().id();
            var member = Member.signedIn(a, "reader@example.org", Role.MEMBER);
            String cookies = "pb_session=" + member.cookie("pb_session") + "; pb_csrf=" + member.cookie("pb_csrf");
            var http = HttpClient.newHttpClient();

            var withToken = http.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/papers/" + paper + "/upvote"))
                    .header("Cookie", cookies).header("X-CSRF-Token", member.csrf())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            var forged = http.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/api/papers/" + paper + "/upvote"))
                    .header("Cookie", cookies).header("X-CSRF-Token", "forged")
                    .method("DELETE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(withToken.statusCode()).as(withToken.body()).isEqualTo(200);
            assertThat(forged.statusCode()).isEqualTo(403);
            assertThat(a.app().community().votes().hasVoted(member.user, paper)).isTrue();
            var settings = http.send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/settings")).header("Cookie", cookies)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(settings.statusCode()).isEqualTo(200);
            assertThat(settings.body()).contains("reader@example.org");
        }
    }

    @Test
    void digest_senders_on_both_nodes_mail_each_subscriber_once() throws Exception {
        var smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        smtp.start();
        try {
            var mail = Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(smtp.getSmtp().getPort()),
                    "smtp.tls", "none", "smtp.from", "Paperboy <digest@paperboy.test>", "digest.schedule", "false");
            try (var a = node("a", mail); var b = node("b", mail)) {
                a.app().loadDemoIfEmpty();
                var subscribers = new ArrayList<String>();
                for (int s = 0; s < 30; s++) {
                    subscribers.add("subscriber" + s + "@example.org");
                    a.app().digests().subscriptions().addConfirmed(subscribers.getLast(), Preferences.of("daily", List.of(), null));
                }
                LocalDate day = LocalDate.of(2025, 12, 31);
                try (var pool = Executors.newFixedThreadPool(2)) {
                    List<Callable<DigestSender.Summary>> senders = List.of(
                            () -> a.app().digestSender().send(Frequency.DAILY, day, false, true),
                            () -> b.app().digestSender().send(Frequency.DAILY, day, false, true));
                    var sends = pool.invokeAll(senders);
                    int sent = 0;
                    for (var s : sends) {
                        sent += s.get().sent();
                    }
                    assertThat(sent).isEqualTo(30);
                }
                for (String subscriber : subscribers) {
                    assertThat(java.util.Arrays.stream(smtp.getReceivedMessages()).filter(m -> recipient(m).equals(subscriber)))
                            .as(subscriber).hasSize(1);
                }
                assertThat(smtp.getReceivedMessages()).hasSize(30);
            }
        } finally {
            smtp.stop();
        }
    }

    @Test
    void when_the_node_holding_the_worker_leases_is_killed_the_other_takes_them_over() throws Exception {
        String url = TestDatabases.postgresqlUrl(dir.resolve("db"));
        var command = new ArrayList<String>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.paperboy.cli.Main", "serve", "--port", "0",
                "--data", dir.resolve("a").toString(), "--database", url));
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("a.log").toFile());
        builder.environment().putAll(Map.of(Config.envName("search.embed"), "false", Config.envName("server.secret"), SECRET,
                Config.envName("server.host"), "127.0.0.1", Config.envName("demo.load"), "false", Config.envName("workers.lease"), LEASE));
        Process first = builder.start();
        try (var db = Database.open(url)) {
            var leases = new Leases(db, Clock.systemUTC());
            String pid = "/" + first.pid() + "/";
            await(() -> JOBS.stream().allMatch(job -> leases.holder(job).filter(h -> h.contains(pid)).isPresent()),
                    "the first node holds every lease", first);

            Config config = Populated.config(dir.resolve("b"), url).with("server.secret", SECRET).with("workers.lease", LEASE);
            try (var second = new App(config, Clock.systemUTC())) {
                second.serve();
                assertThat(JOBS).allSatisfy(job -> assertThat(leases.holder(job).orElseThrow()).contains(pid));

                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

                await(() -> JOBS.stream().allMatch(job -> leases.holder(job).filter(h -> !h.contains(pid)).isPresent()),
                        "the second node holds every lease", null);
                // And it does the work: a paper imported now is indexed by the second node.
                second.catalogue().upsert(List.of(new dev.paperboy.paper.IncomingPaper(
                        dev.paperboy.web.CommunityFixtures.paper("2512.99999", LocalDate.of(2025, 12, 30)), 0, null)));
                await(() -> second.catalogue().searchQueueSize() == 0, "the second node indexed the new paper", null);
            }
        } finally {
            first.destroyForcibly();
        }
    }

    private static String recipient(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(BooleanSupplier condition, String what, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!condition.getAsBoolean()) {
            if (process != null && !process.isAlive()) {
                throw new AssertionError("the node process ended (" + process.exitValue() + ") before " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static HttpResponse<String> send(HttpClient http, TestApp node, String method, String path, String token, String json)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int count(Connection db, String sql, String arg) throws Exception {
        try (var query = db.prepareStatement(sql)) {
            query.setString(1, arg);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
