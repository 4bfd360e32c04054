package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.paper.Catalogue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /healthz, /readyz and /metrics as an operator's tools read them. */
class OperationsTest {
    private static TestApp app;
    private static String paperId;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false", "search.warm-up", "10")).start();
        paperId = app.app().catalogue().feed(Catalogue.FeedQuery.all(), Catalogue.Order.NEWEST, 0, 1).getFirst().paper().id();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void healthz_says_the_process_answers() {
        var response = app.get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void readyz_checks_the_database_and_the_index_and_says_what_is_still_catching_up() throws InterruptedException {
        // Ready once the warm-up has searched the ten newest titles, whole and by their first two words.
        awaitTrue(() -> app.get("/readyz").statusCode() == 200);
        var response = app.get("/readyz");

        var json = CommunityFixtures.json(response);
        assertThat(json.path("ready").asBoolean()).isTrue();
        assertThat(json.path("checks").path("search warm-up").path("detail").asText()).matches("(\\d\\d) of \\1 searches run");
        assertThat(json.path("checks").path("database").path("ok").asBoolean()).isTrue();
        assertThat(json.path("checks").path("search index").path("detail").asText()).startsWith("open, 685 documents");
        assertThat(json.path("catchingUp").path("papers waiting to be indexed").asLong()).isZero();
    }

    @Test
    void metrics_count_requests_by_route_template_and_status_with_latency_buckets() {
        app.get("/papers/" + paperId);
        app.get("/papers/" + paperId);
        app.get("/no-such-page");

        String metrics = app.get("/metrics").body();

        assertThat(metrics)
                .contains("http_server_requests_seconds_count{method=\"GET\",route=\"/papers/<id>\",status=\"200\"}")
                .contains("http_server_requests_seconds_bucket{method=\"GET\",route=\"/papers/<id>\",status=\"200\",le=\"0.05\"}")
                .contains("route=\"unmatched\",status=\"404\"")
                .doesNotContain("route=\"/papers/" + paperId)
                .contains("paperboy_index_queue ").contains("paperboy_search_running ")
                .contains("paperboy_digests{status=\"sent\"}").contains("paperboy_digests{status=\"failed\"}")
                .contains("paperboy_harvest_last_ok ").contains("paperboy_papers 685")
                .contains("jvm_memory_used_bytes").contains("jvm_threads_live_threads").contains("process_uptime_seconds");
    }

    @Test
    void shutting_down_finishes_the_request_in_flight_and_refuses_new_ones() throws Exception {
        try (var test = TestApp.withDemo(Map.of("search.embed", "false"))) {
            var web = test.app().serve();
            String base = "http://127.0.0.1:" + web.port();
            String token = CommunityFixtures.member(test, "inflight@example.org", Role.MEMBER).token();
            var http = HttpClient.newHttpClient();
            try (var lock = DriverManager.getConnection("jdbc:sqlite:" + test.dataDir().resolve("paperboy.db"))) {
                // Another process holds SQLite's write lock: the vote below waits for it, in flight.
                lock.createStatement().execute("BEGIN IMMEDIATE");
                var vote = http.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/papers/" + paperId + "/upvote"))
                        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                awaitTrue(() -> metric(http, base, "http_server_requests_active") >= 2);

                var closing = CompletableFuture.runAsync(web::close, java.util.concurrent.Executors.newSingleThreadExecutor());
                awaitTrue(() -> status(http, base + "/readyz") != 200);
                assertThat(closing).isNotDone();
                lock.createStatement().execute("ROLLBACK");

                assertThat(vote.get(2, TimeUnit.MINUTES).statusCode()).isEqualTo(200);
                closing.get(2, TimeUnit.MINUTES);
            }
            try (var db = DriverManager.getConnection("jdbc:sqlite:" + test.dataDir().resolve("paperboy.db"));
                    var rows = db.createStatement().executeQuery("SELECT COUNT(*) FROM votes")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
        }
    }

    private static double metric(HttpClient http, String base, String name) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                    .findFirst().orElse(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within two minutes").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
